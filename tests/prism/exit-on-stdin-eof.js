// Preloaded into Prism by tests/src/prism.rs (`node --require <this file> prism mock ...`).
// The Rust harness keeps the write end of Prism's stdin open for as long as Prism should
// run. When the test process goes away for any reason (Drop never ran, SIGKILL, abort),
// the kernel closes that pipe and this hook ends Prism, so no mock server outlives its tests.
'use strict';
if (!process.stdin.isTTY) {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('error', () => process.exit(0));
  process.stdin.on('data', () => {});
  // Do not keep Node alive just for stdin: Prism must still be able to exit on its own.
  if (typeof process.stdin.unref === 'function') process.stdin.unref();
}
