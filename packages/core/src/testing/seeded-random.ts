/**
 * A fixed, repeatable sequence of whole numbers for model-based tests (MINSTD, the Park–Miller
 * generator): `random(n)` is in 0 … n − 1, and the same `seed` gives the same run every time, so a
 * failure found by a long random run is found again.
 */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 48_271) % 2_147_483_647;
    return state % n;
  };
}
