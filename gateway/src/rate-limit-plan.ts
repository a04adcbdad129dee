import { createHash } from 'node:crypto';
import {
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { LIMITED_MUTATIONS, type LimitedMutation, type RateLimitConfig } from './rate-limit-config.js';

/** Who sends a request: the verified viewer (if any) and the key of the client address. */
export interface Requester {
  userId: string | null;
  address: string;
}

/** Points to spend on one limiter under one key: `login:account` for one account, `cost` for a viewer. */
export interface Charge {
  limit: string;
  key: string;
  points: number;
}

/**
 * Every root field the operation selects, one entry per occurrence: aliases, repeats and fields
 * reached through fragments at the root each count, so three aliased `login`s are three attempts.
 * Conditional fields (@skip/@include) count too: over-counting an attacker's trick is harmless.
 */
export function rootFields(operation: OperationDefinitionNode, document: DocumentNode): FieldNode[] {
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const fields: FieldNode[] = [];
  const collect = (selectionSet: SelectionSetNode, seen: ReadonlySet<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet, seen);
      else {
        const fragment = fragments.get(selection.name.value);
        // Validation refuses fragment cycles; the guard keeps this walk finite regardless.
        if (fragment && !seen.has(fragment.name.value)) {
          collect(fragment.selectionSet, new Set([...seen, fragment.name.value]));
        }
      }
    }
  };
  collect(operation.selectionSet, new Set());
  return fields;
}

const isLimited = (name: string): name is LimitedMutation => (LIMITED_MUTATIONS as readonly string[]).includes(name);

/**
 * Mutations that spend another one's limits, several points at once: `requestUploads` is a batch of
 * `requestUpload`s, one point per file (at least one: a malformed batch is an attempt too), so
 * batching saves round trips, not budget.
 */
const SPENDS_AS: Record<string, { as: LimitedMutation; points: (args: Record<string, unknown>) => number }> = {
  requestUploads: {
    as: 'requestUpload',
    points: (args) => {
      const files =
        typeof args.input === 'object' && args.input ? (args.input as { files?: unknown }).files : undefined;
      return Array.isArray(files) ? Math.max(1, files.length) : 1;
    },
  },
};

/**
 * An account identifier as the users subgraph would match it, folded at least as far (NFKC, case,
 * surrounding spaces), so spelling one account differently does not open a fresh budget.
 */
function identifier(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const folded = value.normalize('NFKC').trim().toLowerCase();
  return folded || null;
}

/** The account an occurrence of a limited mutation is about, or null when it names none. */
const ACCOUNT_OF: Record<LimitedMutation, (args: Record<string, unknown>, requester: Requester) => string | null> = {
  login: (args) => identifier(args.usernameOrEmail),
  register: (args) =>
    identifier(typeof args.input === 'object' && args.input ? (args.input as { email?: unknown }).email : undefined),
  // The session is the account here: a refresh token names it without a lookup.
  refreshToken: (args) => (typeof args.refreshToken === 'string' && args.refreshToken ? args.refreshToken : null),
  changePassword: (_args, requester) => requester.userId,
  requestUpload: (_args, requester) => requester.userId,
};

function argumentsOf(field: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    (field.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value, variables)]),
  );
}

/**
 * Keys are hashed: the store (Redis) never holds an email, a refresh token or an address, and a
 * key's length does not depend on what the client sent.
 */
const hashed = (limit: string, value: string) =>
  createHash('sha256').update(`${limit}\n${value}`).digest('base64url').slice(0, 32);

/**
 * What one operation spends: for each occurrence of a limited mutation, a point on its account and
 * on the client address; and the operation's cost on the viewer's budget (the address's budget
 * when anonymous). Charges on the same key are summed.
 */
export function chargesFor(
  input: {
    operation: OperationDefinitionNode;
    document: DocumentNode;
    variables: Record<string, unknown> | undefined;
    requester: Requester;
    cost: number;
  },
  config: RateLimitConfig,
): Charge[] {
  const { operation, document, variables = {}, requester, cost } = input;
  const totals = new Map<string, Charge>();
  const add = (limit: string, value: string, points: number) => {
    const key = hashed(limit, value);
    const id = `${limit} ${key}`;
    const existing = totals.get(id);
    if (existing) existing.points += points;
    else totals.set(id, { limit, key, points });
  };
  if (operation.operation === 'mutation') {
    for (const field of rootFields(operation, document)) {
      const spends = SPENDS_AS[field.name.value];
      const name = spends?.as ?? field.name.value;
      if (!isLimited(name)) continue;
      const args = argumentsOf(field, variables);
      const points = spends ? spends.points(args) : 1;
      const limits = config.mutations[name];
      if (limits.perAddress) add(`${name}:address`, requester.address, points);
      const account = ACCOUNT_OF[name](args, requester);
      if (limits.perAccount && account !== null) add(`${name}:account`, account, points);
    }
  }
  if (config.costPerViewer) {
    add('cost', requester.userId ? `user ${requester.userId}` : `address ${requester.address}`, cost);
  }
  return [...totals.values()];
}
