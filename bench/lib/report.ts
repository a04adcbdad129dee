import type { LoadResult } from './load.js';
import { median } from './random.js';
import type { FeedStatements } from './statements.js';

/** The figures of issue 10, from the rounds' measurements (medians over rounds). */

export interface Goal {
  figure: string;
  value: number | null;
  goal: string;
  met: boolean | null;
  detail: string;
}

export type RoundMeasurements = Record<string, LoadResult>;

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

/** Medians over rounds of one measurement's numbers. */
export function summarise(rounds: RoundMeasurements[], key: string) {
  const all = rounds.map((r) => r[key]).filter((m): m is LoadResult => m !== undefined);
  if (all.length === 0) return undefined;
  const processes = [...new Set(all.flatMap((m) => Object.keys(m.cpuMsPerRequest)))];
  return {
    rounds: all.length,
    rps: median(all.map((m) => m.rps)),
    p50: median(all.map((m) => m.latencyMs.p50)),
    p99: median(all.map((m) => m.latencyMs.p99)),
    requests: median(all.map((m) => m.requests)),
    cpuMsPerRequest: Object.fromEntries(
      processes.map((p) => [p, median(all.map((m) => m.cpuMsPerRequest[p] ?? 0))] as const),
    ),
    ...(all[0]!.overallRate ? { overallRate: median(all.map((m) => m.overallRate ?? 0)) } : {}),
  };
}
export type Summary = NonNullable<ReturnType<typeof summarise>>;

/** Median over rounds of a per-round ratio (both sides measured minutes apart, in the same round). */
export function ratio(rounds: RoundMeasurements[], numerator: string, denominator: string): number {
  const values = rounds
    .filter((r) => r[numerator] && r[denominator])
    .map((r) => r[numerator]!.rps / r[denominator]!.rps);
  return median(values);
}

export function goals(input: {
  rounds: RoundMeasurements[];
  summaries: Record<string, Summary>;
  serverCores: number;
  statements: FeedStatements | null;
}): { figures: Record<string, unknown>; table: Goal[] } {
  const { rounds, summaries: s, serverCores } = input;
  const rps = (key: string) => s[key]?.rps ?? Number.NaN;
  const feedRpsPerCore = rps('start.feed') / serverCores;
  const feedRpsPerCoreSplit = rps('split.feed') / serverCores;
  const feedP99AtHalfCapacityMs = s['start.feedHalfRate']?.p99 ?? Number.NaN;
  const feedP99AtHalfCapacityMsSplit = s['split.feedHalfRate']?.p99 ?? Number.NaN;
  const gatewayToDirect = ratio(rounds, 'split.me', 'split.meDirect');
  const gatewayToHive = ratio(rounds, 'split.feed', 'split.feedHive');
  const gatewayToHiveMixed = ratio(rounds, 'split.mixed', 'split.mixedHive');
  const gatewayToHiveMe = ratio(rounds, 'split.me', 'split.meHive');
  const processCpu = (key: string, process: string) => fixed(s[key]?.cpuMsPerRequest[process] ?? Number.NaN, 2);
  const pages = input.statements?.pages ?? [];
  const feedStatements = Object.fromEntries(pages.map((p) => [`page${p.page}`, p.total]));
  const statementValues = pages.map((p) => p.total);
  const statementsEqual = statementValues.length > 1 && statementValues.every((v) => v === statementValues[0]);
  const cpu = (key: string) => fixed(s[key]?.cpuMsPerRequest.total ?? Number.NaN, 1);

  const table: Goal[] = [
    {
      figure: 'feedRpsPerCore (npm start)',
      value: feedRpsPerCore,
      goal: '≥ 200',
      met: feedRpsPerCore >= 200,
      detail: `${fixed(rps('start.feed'))} req/s on ${serverCores} core(s), p50 ${fixed(s['start.feed']?.p50 ?? NaN)} ms, p99 ${fixed(s['start.feed']?.p99 ?? NaN)} ms, ${cpu('start.feed')} ms CPU/request`,
    },
    {
      figure: 'feedRpsPerCoreSplit',
      value: feedRpsPerCoreSplit,
      goal: '≥ 120',
      met: feedRpsPerCoreSplit >= 120,
      detail: `${fixed(rps('split.feed'))} req/s, p50 ${fixed(s['split.feed']?.p50 ?? NaN)} ms, p99 ${fixed(s['split.feed']?.p99 ?? NaN)} ms, ${cpu('split.feed')} ms CPU/request`,
    },
    {
      figure: 'feedP99AtHalfCapacityMs',
      value: feedP99AtHalfCapacityMs,
      goal: '< 100',
      met: feedP99AtHalfCapacityMs < 100,
      detail: `npm start at ${fixed(s['start.feedHalfRate']?.overallRate ?? NaN)} req/s: p50 ${fixed(s['start.feedHalfRate']?.p50 ?? NaN)} ms`,
    },
    {
      // Context, not one of the issue's goals: the same figure for the split topology (ADR 0027).
      figure: 'feedP99AtHalfCapacity (split)',
      value: feedP99AtHalfCapacityMsSplit,
      goal: '(context)',
      met: null,
      detail: `split at ${fixed(s['split.feedHalfRate']?.overallRate ?? NaN)} req/s: p50 ${fixed(s['split.feedHalfRate']?.p50 ?? NaN)} ms`,
    },
    {
      figure: 'gatewayToDirect',
      value: gatewayToDirect,
      goal: '≥ 0.6',
      met: gatewayToDirect >= 0.6,
      detail:
        `me: ${fixed(rps('split.me'))} req/s through the gateway vs ${fixed(rps('split.meDirect'))} straight to users; ` +
        `CPU ms/request: gateway ${processCpu('split.me', 'gateway')}, users ${processCpu('split.me', 'users')} ` +
        `(straight: ${processCpu('split.meDirect', 'users')})`,
    },
    {
      // Context for gatewayToDirect, not one of the issue's goals: what another gateway costs for `me`.
      figure: 'gatewayToHive (me)',
      value: gatewayToHiveMe,
      goal: '(context)',
      met: null,
      detail: `${fixed(rps('split.me'))} vs ${fixed(rps('split.meHive'))} req/s; gateway CPU ${processCpu('split.me', 'gateway')} vs ${processCpu('split.meHive', 'hive')} ms/request`,
    },
    {
      figure: 'gatewayToHive (feed)',
      value: gatewayToHive,
      goal: '≥ 1.3',
      met: gatewayToHive >= 1.3,
      detail: `${fixed(rps('split.feed'))} vs ${fixed(rps('split.feedHive'))} req/s; gateway CPU ${fixed(s['split.feed']?.cpuMsPerRequest.gateway ?? NaN, 1)} vs ${fixed(s['split.feedHive']?.cpuMsPerRequest.hive ?? NaN, 1)} ms/request`,
    },
    {
      figure: 'gatewayToHive (mixed)',
      value: gatewayToHiveMixed,
      goal: '≥ 1.3',
      met: gatewayToHiveMixed >= 1.3,
      detail: `${fixed(rps('split.mixed'))} vs ${fixed(rps('split.mixedHive'))} req/s`,
    },
    {
      figure: 'feedStatements',
      value: statementValues.length ? Math.max(...statementValues) : null,
      goal: '≤ 4, equal',
      met: statementValues.length ? statementsEqual && Math.max(...statementValues) <= 4 : null,
      detail: pages.length
        ? pages
            .map(
              (p) =>
                `page ${p.page}: ${p.total} (${Object.entries(p.perSubgraph)
                  .map(([d, n]) => `${d} ${n}`)
                  .join(', ')})`,
            )
            .join('; ')
        : 'not measured',
    },
  ];

  return {
    figures: {
      feedRpsPerCore,
      feedRpsPerCoreSplit,
      gatewayToDirect,
      gatewayToHive,
      gatewayToHiveMixed,
      gatewayToHiveMe,
      feedStatements,
      feedStatementsEqual: statementsEqual,
      feedP99AtHalfCapacityMs,
      feedP99AtHalfCapacityMsSplit,
    },
    table,
  };
}

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')).join('\n');
}

export function formatGoals(table: Goal[]): string {
  const rows = [['figure', 'value', 'goal', '', 'detail']];
  for (const g of table) {
    const value =
      g.value === null ? '—' : g.value >= 10 || Number.isInteger(g.value) ? fixed(g.value) : fixed(g.value, 2);
    rows.push([g.figure, value, g.goal, g.met === null ? '?' : g.met ? 'met' : 'not met', g.detail]);
  }
  return pad(rows);
}

export function formatMeasurements(summaries: Record<string, Summary>): string {
  const rows = [['measurement (median)', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/request by process']];
  for (const [key, m] of Object.entries(summaries)) {
    const cpu = Object.entries(m.cpuMsPerRequest)
      .filter(([name, ms]) => name === 'total' || ms >= 0.05)
      .map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
      .join(', ');
    rows.push([key, fixed(m.rps, 1), fixed(m.p50), fixed(m.p99), cpu]);
  }
  return pad(rows);
}
