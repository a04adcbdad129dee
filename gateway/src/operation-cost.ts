import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@shutter/runtime';
import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** graphql-armor's weights (the unit of MAX_QUERY_COST): an object 2, a scalar 1, ×1.5 per level. */
const OBJECT_COST = 2;
const SCALAR_COST = 1;
const DEPTH_FACTOR = 1.5;
const PAGE_ARGUMENTS = ['first', 'last'];

/**
 * What one operation costs the viewer's budget: graphql-armor's cost model (objects 2, scalars 1,
 * each level ×1.5, a list's subtree × its page size), with the page size a list will really have.
 * graphql-armor reads `first` only when it is a literal, so `followers(first: $n)` and a
 * `followers` left at its default page of 20 would both count as one item; here a page argument
 * given by a variable is read from the variables, and a missing one counts as the default page
 * (clamped to the largest page the subgraphs serve). Fragments count as if written inline;
 * introspection is free. Every operation costs at least 1.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): number {
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );

  const pageSize = (field: GraphQLField<unknown, unknown>, given: ReadonlyMap<string, unknown>): number => {
    const page = field.args.find((arg) => PAGE_ARGUMENTS.includes(arg.name) && given.has(arg.name));
    const value = page ? given.get(page.name) : undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return Math.min(value, MAX_PAGE_SIZE);
    const paged = field.args.find((arg) => PAGE_ARGUMENTS.includes(arg.name));
    if (!paged) return 1;
    return typeof paged.defaultValue === 'number' ? paged.defaultValue : DEFAULT_PAGE_SIZE;
  };

  const costOf = (selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined, seen: Set<string>): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        total += costOf(selection.selectionSet, type ?? undefined, seen);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        // Validation refuses fragment cycles; the guard keeps this walk finite regardless.
        if (!fragment || seen.has(fragment.name.value)) continue;
        const type = schema.getType(fragment.typeCondition.name.value) ?? undefined;
        total += costOf(fragment.selectionSet, type, new Set([...seen, fragment.name.value]));
      } else {
        const name = selection.name.value;
        if (name === '__schema' || name === '__type') continue;
        if (!selection.selectionSet) {
          total += SCALAR_COST;
          continue;
        }
        const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
        const given = new Map(
          (selection.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value, variables)]),
        );
        const items = definition ? pageSize(definition, given) : 1;
        const childType = definition ? getNamedType(definition.type) : undefined;
        total += items * (OBJECT_COST + DEPTH_FACTOR * costOf(selection.selectionSet, childType, seen));
      }
    }
    return total;
  };

  const root = schema.getRootType(operation.operation) ?? undefined;
  return Math.max(1, Math.ceil(costOf(operation.selectionSet, root, new Set())));
}
