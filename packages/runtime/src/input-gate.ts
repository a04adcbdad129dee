import { MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  defaultFieldResolver,
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { badInput } from './errors.js';

/**
 * Why each character class is refused. Databases refuse NUL (PostgreSQL text cannot hold it) and
 * silently mangle lone surrogates (the driver writes U+FFFD); control characters hide text from
 * people and break logs; bidi overrides and isolates make a name or caption display as something
 * other than what it is ("Trojan Source"-style spoofing).
 */
const REFUSALS: readonly { pattern: RegExp; problem: string }[] = [
  { pattern: /\0/, problem: 'must not contain NUL characters' },
  // With the `u` flag a surrogate range matches only unpaired halves: a pair is one astral code point.
  { pattern: /[\uD800-\uDFFF]/u, problem: 'must be valid Unicode text (it has an unpaired surrogate)' },
  { pattern: /[\u202A-\u202E\u2066-\u2069]/u, problem: 'must not contain bidirectional override characters' },
];
// Tab, newline and carriage return are text (a bio or a caption has lines); every other control
// character (Unicode category Cc: C0, DEL, C1) is not.
const TEXT_CONTROLS = /(?![\t\n\r])\p{Cc}/u;
// An id is never text: no control character at all.
const ID_CONTROLS = /\p{Cc}/u;

// Any of the above: most text has none, and is checked with this one scan.
const SUSPECT = /[\p{Cc}\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/u;

/** The first problem of a string argument value, or null when it may pass. */
export function problemOf(value: string, kind: 'text' | 'id'): string | null {
  if (!SUSPECT.test(value)) return null;
  for (const { pattern, problem } of REFUSALS) if (pattern.test(value)) return problem;
  if ((kind === 'id' ? ID_CONTROLS : TEXT_CONTROLS).test(value)) return 'must not contain control characters';
  return null;
}

/** Checks and normalises one value of an input type; returns the value itself when nothing changed. */
type Gate = (value: unknown, path: string) => unknown;

/**
 * Gates for input types, built once per type at start-up (null: the type holds no text, e.g. Int
 * or an enum, and costs nothing per request). Input object types may refer to themselves, hence the
 * memo and the set of types whose gate is being built.
 */
class GateBuilder {
  private readonly objects = new Map<string, Gate | null>();
  private readonly building = new Set<string>();

  of(type: GraphQLInputType): Gate | null {
    const nullable = getNullableType(type);
    if (isScalarType(nullable)) {
      if (nullable.name === 'String') return textGate('text');
      if (nullable.name === 'ID') return textGate('id');
      // Custom scalars (and Int, Float, Boolean) parse their own values; _Any representations
      // come from the gateway's own plan, not from a client's text.
      return null;
    }
    if (isListType(nullable)) {
      const item = this.of(nullable.ofType);
      if (!item) return null;
      return (value, path) => {
        if (!Array.isArray(value)) return item(value, path);
        let changed = false;
        const out = value.map((element: unknown, i) => {
          const gated = element == null ? element : item(element, `${path}[${i}]`);
          if (gated !== element) changed = true;
          return gated;
        });
        return changed ? out : value;
      };
    }
    if (isInputObjectType(nullable)) {
      const name = nullable.name;
      // A recursive type refers to itself while its gate is being built: look it up when called.
      if (this.building.has(name)) return (value, path) => (this.objects.get(name) ?? passThrough)(value, path);
      const built = this.objects.get(name);
      if (built !== undefined) return built;
      this.building.add(name);
      const fields = Object.values(nullable.getFields()).flatMap((field) => {
        const gate = this.of(field.type);
        return gate ? [{ name: field.name, gate }] : [];
      });
      const gate = fields.length > 0 ? objectGate(fields) : null;
      this.objects.set(name, gate);
      this.building.delete(name);
      return gate;
    }
    return null;
  }
}

const passThrough: Gate = (value) => value;

function textGate(kind: 'text' | 'id'): Gate {
  return (value, path) => {
    if (typeof value !== 'string') return value;
    const problem = problemOf(value, kind);
    if (problem) throw badInput(path, `${path}: ${problem}`);
    // One spelling per text: "é" typed as e + U+0301 is stored, compared and searched as U+00E9.
    return value.normalize('NFC');
  };
}

function objectGate(fields: { name: string; gate: Gate }[]): Gate {
  return (value, path) => {
    if (value == null || typeof value !== 'object') return value;
    const object = value as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const { name, gate } of fields) {
      const current = object[name];
      if (current == null) continue;
      const gated = gate(current, path ? `${path}.${name}` : name);
      if (gated !== current) (out ??= { ...object })[name] = gated;
    }
    return out ?? value;
  };
}

/**
 * The input gate every subgraph gets from the kit: each field resolver with String or ID arguments
 * (at any depth of input objects and lists, inline or from variables: by the time a resolver runs
 * GraphQL has merged both into `args`) receives those values normalised to NFC, or the request is
 * refused with BAD_USER_INPUT naming the argument path (e.g. `input.caption`) before the resolver
 * runs. Wrapping resolvers of the built schema — rather than reading the request body — checks
 * exactly what resolvers would receive, with the schema's own types, whatever the subgraph.
 */
export function gateInputs(schema: GraphQLSchema): GraphQLSchema {
  const gates = new GateBuilder();
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field) => {
      const args = Object.entries(field.args ?? {}).flatMap(([name, arg]) => {
        const gate = gates.of(arg.type);
        return gate ? [{ name, gate }] : [];
      });
      if (args.length === 0) return field;
      const gateArgs = objectGate(args);
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      return {
        ...field,
        resolve: (source, fieldArgs, context, info) =>
          resolve(source, gateArgs(fieldArgs, '') as typeof fieldArgs, context, info),
      };
    },
  });
}
