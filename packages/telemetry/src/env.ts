import { z } from 'zod';

const exporters = ['otlp', 'console', 'zipkin', 'none'] as const;
const samplers = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
const protocol = z.enum(['http/protobuf', 'http/json', 'grpc']).optional();

/**
 * The standard OpenTelemetry variables that decide whether and where traces go, validated with the
 * rest of a service's configuration. The SDK itself reads them (and the rest of the OTEL_* family,
 * e.g. OTEL_EXPORTER_OTLP_HEADERS or OTEL_BSP_SCHEDULE_DELAY) from the process environment.
 */
export const telemetryEnvShape = {
  OTEL_SDK_DISABLED: z
    .string()
    .regex(/^(true|false)$/i, 'must be true or false')
    .optional()
    .meta({ description: '`true` turns tracing off whatever else is set', shownDefault: '`false`' }),
  OTEL_SERVICE_NAME: z.string().optional().meta({
    description: 'the spans’ `service.name`: `gateway`, `posts`, …; `npm start` runs every service in one process, `shutter`',
    shownDefault: 'the service’s name',
  }),
  OTEL_RESOURCE_ATTRIBUTES: z
    .string()
    .optional()
    .describe('more resource attributes, `key=value,…` (e.g. `deployment.environment.name=prod`)'),
  OTEL_TRACES_EXPORTER: z
    .string()
    .refine((value) => value.split(',').every((name) => (exporters as readonly string[]).includes(name.trim())), {
      message: `must be a comma-separated list of ${exporters.join(', ')}`,
    })
    .optional()
    .describe('`otlp`, `console`, `zipkin` (comma-separated) turns tracing on too; `none` keeps it off'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url({ protocol: /^https?$/ })
    .optional()
    .meta({
      description: 'OTLP collector base URL (e.g. `http://localhost:4318`): turns tracing on, see [Tracing](#tracing)',
      shownDefault: 'unset (no traces)',
    }),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('the full URL for traces only (`…/v1/traces`); also turns tracing on'),
  OTEL_EXPORTER_OTLP_PROTOCOL: protocol.meta({
    description:
      '`http/protobuf`, `http/json`, or `grpc` (then the endpoint is the collector’s gRPC port, usually 4317)',
    shownDefault: '`http/protobuf`',
    group: '`OTEL_EXPORTER_OTLP_PROTOCOL`, `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`',
  }),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: protocol.meta({
    description: 'the second, for traces only',
    shownDefault: 'the first',
    group: '`OTEL_EXPORTER_OTLP_PROTOCOL`, `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`',
  }),
  OTEL_TRACES_SAMPLER: z
    .enum(samplers)
    .optional()
    .meta({
      description: 'which traces are kept, e.g. `parentbased_traceidratio` with `0.1` (a tenth of them)',
      shownDefault: '`parentbased_always_on`',
      group: '`OTEL_TRACES_SAMPLER`, `OTEL_TRACES_SAMPLER_ARG`',
    }),
  OTEL_TRACES_SAMPLER_ARG: z.coerce
    .number()
    .min(0)
    .max(1)
    .optional()
    .meta({ description: 'the sampler’s ratio (0..1)', shownDefault: '`1`', group: '`OTEL_TRACES_SAMPLER`, `OTEL_TRACES_SAMPLER_ARG`' }),
  OTEL_PROPAGATORS: z.string().optional().meta({
    description: 'trace context formats between services and in events (`tracecontext`, `baggage`, `b3`, `b3multi`)',
    shownDefault: '`tracecontext,baggage`',
  }),
};

export type TelemetryEnv = z.infer<z.ZodObject<typeof telemetryEnvShape>>;

export interface TracingSettings {
  /** False unless an exporter or an OTLP endpoint is configured (and the SDK is not disabled). */
  enabled: boolean;
  /** Whether OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES already name the service. */
  serviceNamed: boolean;
}

/**
 * Tracing is off unless asked for: the OpenTelemetry default exporter (OTLP to localhost) would
 * otherwise send every service's spans to a collector nobody runs. It is on when OTEL_TRACES_EXPORTER
 * names an exporter, or when an OTLP endpoint is given; OTEL_SDK_DISABLED=true and
 * OTEL_TRACES_EXPORTER=none turn it off whatever else is set.
 */
export function tracingSettingsFrom(env: TelemetryEnv): TracingSettings {
  const exportersSet = env.OTEL_TRACES_EXPORTER?.split(',').map((name) => name.trim());
  const disabled = env.OTEL_SDK_DISABLED?.toLowerCase() === 'true' || exportersSet?.[0] === 'none';
  const asked =
    exportersSet !== undefined || !!env.OTEL_EXPORTER_OTLP_ENDPOINT || !!env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  return {
    enabled: !disabled && asked,
    serviceNamed: !!env.OTEL_SERVICE_NAME || /(^|,)\s*service\.name\s*=/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? ''),
  };
}

/** Every variable in telemetryEnvShape (docker-compose.yml is checked against the services' lists). */
export const TELEMETRY_ENV_VARIABLES: readonly string[] = Object.keys(telemetryEnvShape);
