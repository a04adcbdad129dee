import { seededRandom } from '@shutter/testing/unit';

export type Random = () => number;

/** Every random choice of the bench comes from a seeded generator, so a run can be repeated exactly. */
export const randomFrom = (seed: number): Random => seededRandom(seed);

export const randomInt = (random: Random, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

export function shuffle<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * Zipf-like choice of a rank in 0..n-1: rank r has weight 1/(r+1)^exponent, so a few ranks take a
 * large share (popular accounts, common hashtags) and the long tail the rest.
 */
export function zipf(n: number, exponent: number): (random: Random) => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let r = 0; r < n; r += 1) {
    total += 1 / (r + 1) ** exponent;
    cumulative.push(total);
  }
  return (random) => {
    const target = random() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

/** `count` distinct ranks by `draw`, never `exclude`; gives up on duplicates after enough tries. */
export function distinct(random: Random, draw: (random: Random) => number, count: number, exclude: number): number[] {
  const chosen = new Set<number>();
  for (let tries = 0; chosen.size < count && tries < count * 100; tries += 1) {
    const value = draw(random);
    if (value !== exclude) chosen.add(value);
  }
  return [...chosen];
}

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
