import {
  Kind,
  OperationTypeNode,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from 'graphql';

/** The query that fetches one push of a subscription: its selection, under a by-id root field. */
export interface Requery {
  /** The query's text, run through the gateway (planning cached by text) with the subscriber's identity. */
  query: string;
  /** The variable that carries the pushed entity's id. */
  idVariable: string;
  /** The subscription's variables the query still uses (to pass along with the id). */
  variables: readonly string[];
  /** Where the entity is in the query's data, and where the push puts it (the subscription field's alias or name). */
  responseKey: string;
}

/**
 * `subscription S($p: ID!) { postUpdated(postId: $p) { likeCount author { username } } }` becomes
 * `query S($p: ID!, $liveId: ID!) { postUpdated: post(id: $liveId) { likeCount author { username } } }`:
 * the same selection and fragments; the subscription's own arguments are dropped, and with them the
 * declarations of variables nothing else uses (GraphQL refuses unused variables).
 * `operation` must be a subscription with one root field (graphql-js validation ensures it).
 */
export function requeryFor(document: DocumentNode, operation: OperationDefinitionNode, requeryField: string): Requery {
  const root = operation.selectionSet.selections[0] as FieldNode;
  const taken = new Set(operation.variableDefinitions?.map((v) => v.variable.name.value));
  let idVariable = 'liveId';
  for (let n = 2; taken.has(idVariable); n += 1) idVariable = `liveId${n}`;
  const idDefinition: VariableDefinitionNode = {
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: idVariable } },
    type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'ID' } } },
  };
  const responseKey = root.alias?.value ?? root.name.value;
  const field: FieldNode = {
    ...root,
    alias: { kind: Kind.NAME, value: responseKey },
    name: { kind: Kind.NAME, value: requeryField },
    arguments: [
      {
        kind: Kind.ARGUMENT,
        name: { kind: Kind.NAME, value: 'id' },
        value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: idVariable } },
      },
    ],
  };
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  const used = new Set<string>();
  for (const node of [field, ...fragments]) {
    visit(node, {
      Variable: (variable) => {
        used.add(variable.name.value);
      },
    });
  }
  const query: OperationDefinitionNode = {
    ...operation,
    operation: OperationTypeNode.QUERY,
    variableDefinitions: [
      ...(operation.variableDefinitions ?? []).filter((v) => used.has(v.variable.name.value)),
      idDefinition,
    ],
    selectionSet: { kind: Kind.SELECTION_SET, selections: [field] },
  };
  return {
    query: print({ kind: Kind.DOCUMENT, definitions: [query, ...fragments] }),
    idVariable,
    variables: [...used].filter((name) => name !== idVariable),
    responseKey,
  };
}
