/**
 * Random choices in tests come from a seeded generator (mulberry32), so a failing run can be
 * replayed: the seed is TEST_SEED when set, else a fixed one, so every run makes the same choices.
 */
export function seededRandom(seed = Number(process.env.TEST_SEED ?? 20_261_130)): (() => number) & { seed: number } {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return Object.assign(next, { seed });
}
