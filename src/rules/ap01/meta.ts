/**
 * Rule AP-01 metadata, read by the JSON report, SARIF, HTML and the TUI.
 * Text follows ../shared/policy/AWS-Lambda-AP-01-Threading-Primitives.md (version 1.0.0).
 */
export interface RuleMeta {
  id: string;
  name: string;
  title: string;
  shortDescription: string;
  fullDescription: string;
  remediation: string;
  remediationOptions: string[];
  exceptions: string[];
  policy: { document: string; version: string };
}

export const AP01: RuleMeta = {
  id: 'AP-01',
  name: 'lambda-threading-primitives',
  title: 'Threading primitives in AWS Lambda',
  shortDescription: 'Threading primitives (locks, semaphores, Thread objects, thread pools) used in a Lambda function.',
  fullDescription:
    'Lambda executes code in a single-threaded environment. Threading primitives provide no benefit and add ' +
    'unnecessary overhead: the GIL prevents parallel CPU execution, each invocation is isolated, and locks ' +
    'protect against concurrent access that cannot happen while creating a false sense of thread safety.',
  remediation:
    'Remove the threading primitive. Use async/await for I/O concurrency, fan out to more Lambda invocations ' +
    'for parallelism, or orchestrate with Step Functions. Drop locks that guard state no other thread can touch.',
  remediationOptions: [
    'Async/await for I/O concurrency (asyncio.gather instead of a thread pool).',
    'Lambda fan-out: invoke more functions asynchronously for true parallelism.',
    'Step Functions (Parallel or Map states) for complex workflows.',
  ],
  exceptions: [
    'Threading inside third-party libraries that you do not control is acceptable (reported as vendored information).',
    'Legacy code documented as technical debt ("# Tech debt: ...") is acknowledged, not open; plan its migration to async.',
  ],
  policy: { document: 'AWS-Lambda-AP-01-Threading-Primitives.md', version: '1.0.0' },
};

export function findingMessage(primitive: string, kind: string): string {
  switch (kind) {
    case 'import':
      return `Imports ${primitive}: threading primitives provide no benefit in single-threaded Lambda.`;
    case 'subclass':
      return `Subclasses ${primitive}: threads give no parallelism in Lambda.`;
    case 'dynamic-import':
      return `Dynamically imports ${primitive}: threading primitives provide no benefit in Lambda.`;
    default:
      return `Creates ${primitive}: threading primitives provide no benefit in single-threaded Lambda.`;
  }
}
