/** Telling the organisation's own code from vendored third-party code, by path and metadata only. */
export { classifyOrigins, handlerModule } from './classify.js';
export type { ClassifyInput } from './classify.js';
export { metadataPaths } from './metadata.js';
