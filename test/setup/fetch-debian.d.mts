/** The Debian packages the tests use (fetched and unpacked by fetch-debian.mjs). */
export declare const DEBIAN_PACKAGES: readonly string[];
