// How the backend process is started in production (`npm run serve:backend`), locally
// (`npm start`) and by the benchmarks, so all three run the same memory settings. The root
// package.json's serve:backend script spells the same values out (npm scripts cannot import);
// backend/test/runtime.spec.ts checks they agree.
//
// - --max-semi-space-size=2 (MB): a small young generation. A run's short-lived garbage is
//   collected sooner instead of growing the heap; measured: idle RSS ~145 MB instead of ~180 MB.
// - MALLOC_MMAP_THRESHOLD_=131072: glibc keeps serving large allocations (argon2's memory, big
//   broker answers) with mmap, so freed memory goes back to the OS; without it glibc raises the
//   threshold after the first large free and keeps that memory. Measured with both: RSS settles at
//   ~137 MB within 5 s of a 500-order run instead of staying at ~255 MB.
export const BACKEND_NODE_FLAGS = ['--max-semi-space-size=2'];
export const BACKEND_ENV = { MALLOC_MMAP_THRESHOLD_: '131072' };
