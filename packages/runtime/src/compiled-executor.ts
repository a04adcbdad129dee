import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  execute,
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationTypeNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

/**
 * A subgraph's operations as JavaScript compiled once per operation (graphql-jit). The gateway sends
 * the same few operations over and over (its query plans are cached), so each is compiled once and
 * then runs without graphql-js interpreting the document field by field on every request (issue 10:
 * graphql-js's executor was 15 % of `npm start`'s CPU under the feed load; compiled, 4 %).
 *
 * An operation graphql-jit cannot compile runs on graphql-js as before.
 */
export class CompiledOperations {
  // Keyed by the document object: Apollo Server keeps one per distinct operation text (its document
  // store) and so does `prepare` below; a document dropped from those is collected with its code.
  private readonly compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();
  // Operation texts this process has parsed and validated for `prepare`, with their documents.
  private readonly prepared = new LRUCache<string, ParsedText | { invalid: true }>({ max: 1_000 });

  constructor(readonly schema: GraphQLSchema) {}

  run(
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown> | undefined,
    contextValue: unknown,
  ): ExecutionResult | Promise<ExecutionResult> {
    const query = this.compile(document, operationName);
    if (!query) {
      return this.interpret(document, operationName, variables, contextValue);
    }
    const result = query.query(undefined, contextValue, variables ?? {});
    return isPromise(result)
      ? result.then((done) => this.settle(done, document, operationName, variables, contextValue))
      : this.settle(result, document, operationName, variables, contextValue);
  }

  /** The operation run by graphql-js itself. */
  private interpret(
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown> | undefined,
    contextValue: unknown,
  ): ExecutionResult | Promise<ExecutionResult> {
    return execute({
      schema: this.schema,
      document,
      operationName: operationName ?? null,
      variableValues: variables ?? null,
      contextValue,
    });
  }

  /**
   * graphql-jit's errors as graphql-js makes them. Its own error objects leave `extensions`
   * undefined when the thrown error had none, where Apollo Server's error formatting reads
   * `extensions.code` (and would answer every such error as an internal one). Variables that do not
   * coerce (nothing ran) are refused by graphql-js, in its words.
   */
  private settle(
    result: ExecutionResult,
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown> | undefined,
    contextValue: unknown,
  ): ExecutionResult | Promise<ExecutionResult> {
    if (!result.errors?.length) return result;
    if (!('data' in result)) {
      return this.interpret(document, operationName, variables, contextValue);
    }
    const errors = result.errors.map((error) => {
      const located = new GraphQLError(error.message, {
        ...(error.path ? { path: error.path } : {}),
        ...(error.originalError ? { originalError: error.originalError } : {}),
        ...(error.extensions ? { extensions: error.extensions } : {}),
      });
      (located as { locations?: unknown }).locations = error.locations;
      return located;
    });
    return { ...result, errors };
  }

  /**
   * The parsed and validated document of an operation text, cached; null when it does not parse or
   * validate (the caller then lets Apollo Server answer, with the errors it would give over HTTP).
   */
  prepare(query: string, operationName: string | undefined): PreparedOperation | null {
    let entry = this.prepared.get(query);
    if (!entry) {
      entry = this.parseAndValidate(query);
      this.prepared.set(query, entry);
    }
    if ('invalid' in entry) return null;
    const { document, kinds } = entry;
    // Unnamed: only a text with a single operation (its kind is then the only one).
    const name = operationName || (kinds.size === 1 ? kinds.keys().next().value : undefined);
    const kind = name === undefined ? undefined : kinds.get(name);
    return kind ? { document, kind, name: name || null } : null;
  }

  private parseAndValidate(query: string): ParsedText | { invalid: true } {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch {
      return { invalid: true };
    }
    if (validate(this.schema, document, specifiedRules).length > 0) return { invalid: true };
    // Validation guarantees operation names are unique, and a single operation when one is unnamed.
    const kinds = new Map<string, OperationTypeNode>();
    for (const definition of document.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION) kinds.set(definition.name?.value ?? '', definition.operation);
    }
    return { document, kinds };
  }

  /** Whether the operation has been compiled (false: not yet run, or graphql-jit could not compile it). */
  isCompiled(document: DocumentNode, operationName?: string): boolean {
    return !!this.compiled.get(document)?.get(operationName ?? '');
  }

  private compile(document: DocumentNode, operationName: string | undefined): CompiledQuery | null {
    let byName = this.compiled.get(document);
    if (!byName) {
      byName = new Map();
      this.compiled.set(document, byName);
    }
    const key = operationName ?? '';
    let query = byName.get(key);
    if (query === undefined) {
      const result = compileQuery(this.schema, document, operationName);
      query = isCompiledQuery(result) ? result : null;
      byName.set(key, query);
    }
    return query;
  }
}

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

/** A parsed, valid operation text: its document and the kind of each operation in it, by name. */
interface ParsedText {
  document: DocumentNode;
  kinds: Map<string, OperationTypeNode>;
}

export interface PreparedOperation {
  document: DocumentNode;
  /** query, mutation or subscription */
  kind: OperationTypeNode;
  /** The operation's own name; null when it has none (as Apollo Server's plugins are told). */
  name: string | null;
}

/**
 * Plugs compiled operations into Apollo Server as its executor (the interface Apollo Server offers
 * gateways): parsing, validation, plugins, context and error formatting stay Apollo Server's, only
 * the execution changes.
 */
export function compiledExecutor(operations: CompiledOperations): GatewayInterface {
  const executor: GatewayExecutor = async ({ document, operationName, request, context }) =>
    operations.run(document, operationName ?? undefined, request.variables, context);
  return {
    // Apollo Server subscribes before it loads: the schema is known from the start and never changes.
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: operations.schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    load: async () => ({ executor }),
    stop: async () => undefined,
  };
}
