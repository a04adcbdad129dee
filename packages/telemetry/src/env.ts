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
    .optional(),
  OTEL_SERVICE_NAME: z.string().optional(),
  OTEL_RESOURCE_ATTRIBUTES: z.string().optional(),
  OTEL_TRACES_EXPORTER: z
    .string()
    .refine((value) => value.split(',').every((name) => (exporters as readonly string[]).includes(name.trim())), {
      message: `must be a comma-separated list of ${exporters.join(', ')}`,
    })
    .optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: protocol,
  OTEL_TRACES_SAMPLER: z.enum(samplers).optional(),
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
  OTEL_PROPAGATORS: z.string().optional(),
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
