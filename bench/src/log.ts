const started = performance.now();

/** Progress for the person watching: stderr, prefixed with the seconds since the run began. */
export function progress(message: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${seconds}s] ${message}\n`);
}

/** Seconds since the bench process started. */
export function elapsedSeconds(): number {
  return (performance.now() - started) / 1000;
}
