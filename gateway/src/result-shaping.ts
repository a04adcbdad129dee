import { AsyncLocalStorage } from 'node:async_hooks';
import {
  ERRORS,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  isSubtype,
  isValidLeafValue,
  typenameFieldName,
  Variable,
  type CompositeType,
  type DirectiveDefinition,
  type FieldSelection,
  type FragmentSelection,
  type Schema,
  type SelectionSet,
  type Type,
} from '@apollo/federation-internals';
import executeQueryPlanModule from '@apollo/gateway/dist/executeQueryPlan.js';
import resultShapingModule from '@apollo/gateway/dist/resultShaping.js';
import type { GraphQLError, OperationDefinitionNode } from 'graphql';

/*
 * Apollo Gateway shapes every answer by walking the operation for every object of the merged
 * subgraph results (`computeResponse`): per object and per selection it looks up the @skip and
 * @include directives in the schema, the field's definition and response name, and allocates a
 * result record per value. Under the feed load that was 14 % of `npm start`'s own CPU (issue 10,
 * `node --cpu-prof`), for an operation whose shape never changes between requests.
 *
 * `computeResponse` here is the same algorithm, answer for answer and error for error (a test runs
 * both on the same operations and inputs), over a plan made once per operation document: for each
 * selection its response name, type, directives and sub-selections, read from the schema once. The
 * gateway's own operation object is rebuilt per request, so plans are keyed by the operation's
 * document node, which Apollo Server keeps one per operation text; `executeQueryPlan` is wrapped to
 * make that node known to `computeResponse`, which runs inside it.
 */

/** An `if:` of @skip or @include: a constant, or a variable (with how Apollo's messages name both). */
type Condition = boolean | { variable: string; name: string; directive: string };

interface FieldStep {
  kind: 'field';
  responseName: string;
  typename: boolean;
  introspection: boolean;
  selection: FieldSelection;
  type: Type;
  selectionSet: Plan | undefined;
  skip: Condition | undefined;
  include: Condition | undefined;
}

interface FragmentStep {
  kind: 'fragment';
  typeCondition: CompositeType | undefined;
  selectionSet: Plan;
  skip: Condition | undefined;
  include: Condition | undefined;
  /** Whether the condition applies, by the __typename of the object (memo). */
  applies: Map<string | undefined, boolean>;
}

type Step = FieldStep | FragmentStep;
type Plan = Step[];

interface ShapeParameters {
  schema: Schema;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
  introspectionHandling: (selection: FieldSelection) => unknown;
}

const OK = 0;
const NULL_BUBBLE_UP = 1;

interface Updated {
  updated: unknown;
  isInvalid?: boolean;
  hasErrors?: boolean;
}

function conditionOf(
  element: FieldSelection['element'] | FragmentSelection['element'],
  directive: DirectiveDefinition,
): Condition | undefined {
  const applied = element.appliedDirectivesOf(directive)[0];
  if (!applied) return undefined;
  const value = (applied.arguments() as { if: unknown }).if;
  if (value instanceof Variable) return { variable: value.name, name: String(value), directive: String(applied) };
  return value as boolean;
}

function planOf(selectionSet: SelectionSet, schema: Schema): Plan {
  const skipDirective = schema.skipDirective();
  const includeDirective = schema.includeDirective();
  return selectionSet.selections().map((selection): Step => {
    const skip = conditionOf(selection.element, skipDirective);
    const include = conditionOf(selection.element, includeDirective);
    if (selection.kind === 'FieldSelection') {
      const field = selection.element;
      return {
        kind: 'field',
        responseName: field.responseName(),
        typename: field.name === typenameFieldName,
        introspection: field.definition.isSchemaIntrospectionField(),
        selection,
        type: field.definition.type!,
        selectionSet: selection.selectionSet ? planOf(selection.selectionSet, schema) : undefined,
        skip,
        include,
      };
    }
    return {
      kind: 'fragment',
      typeCondition: selection.element.typeCondition,
      selectionSet: planOf(selection.selectionSet, schema),
      skip,
      include,
      applies: new Map(),
    };
  });
}

function ifValue(condition: Condition, variables: Record<string, unknown>): boolean {
  if (typeof condition === 'boolean') return condition;
  const value = variables[condition.variable];
  if (typeof value !== 'boolean') {
    throw new Error(`Unexpected value ${String(value)} for variable ${condition.name} of ${condition.directive}`);
  }
  return value;
}

function shouldSkip(step: Step, variables: Record<string, unknown>): boolean {
  return (
    (step.skip !== undefined && ifValue(step.skip, variables)) ||
    (step.include !== undefined && !ifValue(step.include, variables))
  );
}

const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

function typeConditionApplies(
  step: FragmentStep,
  typename: string | undefined,
  parentType: CompositeType,
  schema: Schema,
) {
  const condition = step.typeCondition;
  if (!condition) return true;
  if (!typename) return isSubtype(condition, parentType);
  let applies = step.applies.get(typename);
  if (applies === undefined) {
    const type = schema.type(typename);
    applies = !!type && isSubtype(condition, type);
    step.applies.set(typename, applies);
  }
  return applies;
}

function applyPlan(
  input: Record<string, unknown>,
  plan: Plan,
  output: Record<string, unknown>,
  parameters: ShapeParameters,
  path: (string | number)[],
  parentType: CompositeType,
): number {
  for (const step of plan) {
    if ((step.skip !== undefined || step.include !== undefined) && shouldSkip(step, parameters.variables)) continue;
    if (step.kind === 'field') {
      const responseName = step.responseName;
      const outputValue = output[responseName];
      if (step.introspection) {
        if (outputValue === undefined) output[responseName] = parameters.introspectionHandling(step.selection);
        continue;
      }
      let inputValue = (hasOwn(input, responseName) ? input[responseName] : undefined) ?? null;
      if (step.typename) {
        if (outputValue === undefined) {
          if (inputValue === null && responseName !== typenameFieldName) inputValue = input[typenameFieldName] ?? null;
          const type =
            inputValue !== null && typeof inputValue === 'string'
              ? (parameters.schema.type(inputValue) ?? parentType)
              : parentType;
          if (!isObjectType(type)) return NULL_BUBBLE_UP;
          output[responseName] = type.name;
        }
        continue;
      }
      path.push(responseName);
      const { updated, isInvalid } = updateOutputValue(
        outputValue,
        step.type,
        inputValue,
        step.selectionSet,
        path,
        parameters,
        parentType,
      );
      output[responseName] = updated;
      path.pop();
      if (isInvalid) return NULL_BUBBLE_UP;
    } else {
      const typename = input[typenameFieldName];
      if (typename && typeof typename !== 'string')
        throw new Error(`Got unexpected value for __typename: ${String(typename)}`);
      if (typeConditionApplies(step, typename as string | undefined, parentType, parameters.schema)) {
        const result = applyPlan(input, step.selectionSet, output, parameters, path, step.typeCondition ?? parentType);
        if (result === NULL_BUBBLE_UP) return NULL_BUBBLE_UP;
      }
    }
  }
  return OK;
}

function pathLastElementDescription(path: (string | number)[], currentType: Type, parentType: CompositeType): string {
  const element = path[path.length - 1];
  return typeof element === 'string'
    ? `field ${String(parentType)}.${element}`
    : `array element of type ${String(currentType)} at index ${String(element)}`;
}

function updateOutputValue(
  outputValue: unknown,
  type: Type,
  inputValue: unknown,
  selectionSet: Plan | undefined,
  path: (string | number)[],
  parameters: ShapeParameters,
  parentType: CompositeType,
): Updated {
  if (inputValue === undefined) throw new Error('Should not pass undefined for `inputValue` to this method');
  if (outputValue === null || (outputValue !== undefined && !selectionSet)) return { updated: outputValue };
  if (isNonNullType(type)) {
    const { updated, hasErrors } = updateOutputValue(
      outputValue,
      type.ofType,
      inputValue,
      selectionSet,
      path,
      parameters,
      parentType,
    );
    if (updated === null) {
      if (!hasErrors) {
        parameters.errors.push(
          ERRORS.INVALID_GRAPHQL.err(
            `Cannot return null for non-nullable ${pathLastElementDescription(path, type.ofType, parentType)}.`,
            { path: Array.from(path) },
          ),
        );
      }
      return { updated, isInvalid: true, hasErrors: true };
    }
    return { updated };
  }
  if (inputValue === null) return { updated: null };
  if (isListType(type)) {
    if (!Array.isArray(inputValue)) {
      throw new Error(
        `Invalid non-list value ${String(inputValue)} returned by subgraph for list type ${String(type)}`,
      );
    }
    if (outputValue !== undefined && !Array.isArray(outputValue)) {
      throw new Error(
        `Invalid non-list value ${String(outputValue)} returned by subgraph for list type ${String(type)}`,
      );
    }
    const outputList = outputValue as unknown[] | undefined;
    if (outputList && outputList.length !== inputValue.length) {
      throw new Error(
        `[${String(inputValue)}].length (${inputValue.length}) !== [${String(outputList)}].length (${outputList.length})`,
      );
    }
    let shouldNullify = false;
    let hasErrors = false;
    const updated = new Array<unknown>(inputValue.length);
    for (let index = 0; index < inputValue.length; index += 1) {
      path.push(index);
      const element = updateOutputValue(
        outputList?.[index],
        type.ofType,
        inputValue[index] as unknown,
        selectionSet,
        path,
        parameters,
        parentType,
      );
      path.pop();
      shouldNullify ||= !!element.isInvalid;
      hasErrors ||= !!element.hasErrors;
      updated[index] = element.updated;
    }
    return { updated: shouldNullify ? null : updated, hasErrors };
  }
  if (isCompositeType(type)) {
    if (!selectionSet) throw new Error(`Invalid empty selection set for composite type ${String(type)}`);
    if (typeof inputValue !== 'object') {
      throw new Error(
        `Invalid non-object value ${String(inputValue)} returned by subgraph for composite type ${String(type)}`,
      );
    }
    if (outputValue !== undefined && typeof outputValue !== 'object') {
      throw new Error(
        `Invalid non-object value ${String(inputValue)} returned by subgraph for composite type ${String(type)}`,
      );
    }
    const object = inputValue as Record<string, unknown>;
    const inputTypename = object[typenameFieldName];
    if (inputTypename !== undefined && typeof inputTypename !== 'string') {
      throw new Error(`Invalid non-string value ${String(inputTypename)} for __typename at ${path.join(',')}`);
    }
    let objectType: CompositeType = type;
    if (inputTypename) {
      const typenameType = parameters.schema.type(inputTypename);
      if (!typenameType || !isCompositeType(typenameType)) {
        parameters.errors.push(
          ERRORS.INVALID_GRAPHQL.err(
            `Invalid __typename found for object at ${pathLastElementDescription(path, type, parentType)}.`,
            { path: Array.from(path) },
          ),
        );
        return { updated: null, hasErrors: true };
      }
      objectType = typenameType;
    }
    const output = (outputValue ?? Object.create(null)) as Record<string, unknown>;
    const result = applyPlan(object, selectionSet, output, parameters, path, objectType);
    const hasErrors = result === NULL_BUBBLE_UP;
    return { updated: hasErrors ? null : output, hasErrors };
  }
  if (outputValue !== undefined)
    throw new Error(`Excepted output to be undefined but got ${String(type)} for type ${String(type)}`);
  const isValidValue = isValidLeafValue(parameters.schema, inputValue, type as Parameters<typeof isValidLeafValue>[2]);
  if (!isValidValue) {
    parameters.errors.push(
      ERRORS.INVALID_GRAPHQL.err(`Invalid value found for ${pathLastElementDescription(path, type, parentType)}.`, {
        path: Array.from(path),
      }),
    );
  }
  return { updated: isValidValue ? inputValue : null, hasErrors: !isValidValue };
}

type ComputeResponse = typeof resultShapingModule.computeResponse;

// By schema, then by operation document node: a plan holds the schema's types.
const plans = new WeakMap<Schema, WeakMap<OperationDefinitionNode, Plan>>();
/** The document node of the operation whose query plan is executing (set by the wrapped executeQueryPlan). */
const executing = new AsyncLocalStorage<OperationDefinitionNode>();

/**
 * Apollo Gateway's `computeResponse`, over a plan made once per operation document (see above).
 * `key`: the operation's document node; without one the plan is made for this call alone.
 */
export function computeResponse(
  { operation, variables, input, introspectionHandling }: Parameters<ComputeResponse>[0],
  key: OperationDefinitionNode | undefined = executing.getStore(),
): ReturnType<ComputeResponse> {
  if (!input) return { data: input, errors: [] };
  const schema = operation.schema();
  let bySchema = plans.get(schema);
  if (!bySchema) {
    bySchema = new WeakMap();
    plans.set(schema, bySchema);
  }
  let plan = key ? bySchema.get(key) : undefined;
  if (!plan) {
    plan = planOf(operation.selectionSet, schema);
    if (key) bySchema.set(key, plan);
  }
  const parameters: ShapeParameters = {
    schema,
    variables: { __proto__: null, ...operation.collectDefaultedVariableValues(), ...variables } as Record<
      string,
      unknown
    >,
    errors: [],
    introspectionHandling,
  };
  const data = Object.create(null) as Record<string, unknown>;
  const result = applyPlan(input, plan, data, parameters, [], schema.schemaDefinition.rootType(operation.rootKind)!);
  return { data: result === NULL_BUBBLE_UP ? null : data, errors: parameters.errors };
}

let installed = false;
let shaped = 0;

/**
 * Makes Apollo Gateway shape answers with `computeResponse` above. Apollo Gateway's modules call
 * each other through their CommonJS exports, so replacing those two exports reaches every call.
 * Idempotent. Throws when @apollo/gateway no longer has these exports (an upgrade must look again).
 */
export function installResultShaping(): void {
  if (installed) return;
  const originalExecute = executeQueryPlanModule.executeQueryPlan;
  if (typeof originalExecute !== 'function' || typeof resultShapingModule.computeResponse !== 'function') {
    throw new Error(
      '@apollo/gateway no longer exports executeQueryPlan and computeResponse where Shutter patches them',
    );
  }
  const wrapped: typeof originalExecute = (queryPlan, serviceMap, requestContext, operationContext, ...rest) =>
    executing.run(operationContext.operation, () =>
      originalExecute(queryPlan, serviceMap, requestContext, operationContext, ...rest),
    );
  (executeQueryPlanModule as { executeQueryPlan: typeof originalExecute }).executeQueryPlan = wrapped;
  (resultShapingModule as { computeResponse: ComputeResponse }).computeResponse = (options) => {
    shaped += 1;
    return computeResponse(options);
  };
  installed = true;
}

/** How many answers this process's gateways have shaped with `computeResponse` above (for tests). */
export const shapedAnswers = (): number => shaped;

/** Apollo Gateway's own `computeResponse`, as loaded (for the tests that compare both). */
export const apolloComputeResponse: ComputeResponse = resultShapingModule.computeResponse;
