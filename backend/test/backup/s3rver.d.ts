// @20minutes/s3rver ships no types: the part of its API the backup test uses.
declare module '@20minutes/s3rver' {
  import type { AddressInfo } from 'node:net';
  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    allowMismatchedSignatures?: boolean;
    directory?: string;
    configureBuckets?: { name: string }[];
  }
  export default class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    reset(): void;
    configureBuckets(): Promise<void>;
    on(event: 'event', listener: (event: never) => void): this;
    /** Koa's middleware list: the test puts a request recorder in front of the routes. */
    middleware: ((
      ctx: { method: string; query: Record<string, string> },
      next: () => Promise<void>,
    ) => Promise<void>)[];
  }
}
declare module '@20minutes/s3rver/lib/models/account' {
  export const DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void };
}
