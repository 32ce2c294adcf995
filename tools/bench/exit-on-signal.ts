// Preloaded (node --require) into services run with --cpu-prof: V8 writes the profile only when the
// process exits by itself, not when a signal kills it, and Nest's shutdown hooks end by re-raising
// SIGTERM. This listener stays registered, so the re-raised signal lands here and exits normally.
let signals = 0;
const exitNormally = () => {
  signals += 1;
  if (signals > 1) process.exit(0);
  // Nest closes the application and re-raises; if it never does, exit anyway.
  setTimeout(() => process.exit(0), 5_000);
};
process.on('SIGTERM', exitNormally);
process.on('SIGINT', exitNormally);
