import { describe, expect, it } from '@jest/globals';
import { trace } from '@opentelemetry/api';
import { z } from 'zod';
import { telemetryEnvShape, tracingSettingsFrom } from './env.js';
import { startTracing } from './start.js';
import { tracingActive } from './state.js';

const schema = z.object(telemetryEnvShape);
const settings = (env: Record<string, string>) => tracingSettingsFrom(schema.parse(env));

describe(tracingSettingsFrom.name, () => {
  it('leaves tracing off when no exporter or endpoint is configured', () => {
    expect(settings({}).enabled).toBe(false);
    expect(settings({ OTEL_SERVICE_NAME: 'posts', OTEL_TRACES_SAMPLER: 'always_on' }).enabled).toBe(false);
  });

  it('turns tracing on with an OTLP endpoint or a named exporter', () => {
    expect(settings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).enabled).toBe(true);
    expect(settings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }).enabled).toBe(true);
    expect(settings({ OTEL_TRACES_EXPORTER: 'console' }).enabled).toBe(true);
    expect(settings({ OTEL_TRACES_EXPORTER: 'otlp,console' }).enabled).toBe(true);
  });

  it('keeps tracing off when the SDK is disabled or the exporter is none, whatever else is set', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(settings({ ...endpoint, OTEL_SDK_DISABLED: 'true' }).enabled).toBe(false);
    expect(settings({ ...endpoint, OTEL_SDK_DISABLED: 'TRUE' }).enabled).toBe(false);
    expect(settings({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' }).enabled).toBe(false);
    expect(settings({ ...endpoint, OTEL_SDK_DISABLED: 'false' }).enabled).toBe(true);
  });

  it('knows when the service is already named, so the default name does not override it', () => {
    expect(settings({}).serviceNamed).toBe(false);
    expect(settings({ OTEL_SERVICE_NAME: 'posts-eu' }).serviceNamed).toBe(true);
    expect(settings({ OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=prod,service.name=x' }).serviceNamed).toBe(
      true,
    );
    expect(settings({ OTEL_RESOURCE_ATTRIBUTES: 'service.namespace=shutter' }).serviceNamed).toBe(false);
  });

  it('names each bad variable', () => {
    const result = schema.safeParse({
      OTEL_TRACES_EXPORTER: 'jaeger',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'udp',
      OTEL_TRACES_SAMPLER: 'sometimes',
      OTEL_TRACES_SAMPLER_ARG: '2',
      OTEL_SDK_DISABLED: 'yes',
    });
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_EXPORTER_OTLP_PROTOCOL',
      'OTEL_SDK_DISABLED',
      'OTEL_TRACES_EXPORTER',
      'OTEL_TRACES_SAMPLER',
      'OTEL_TRACES_SAMPLER_ARG',
    ]);
  });
});

describe(startTracing.name, () => {
  it('starts nothing when tracing is off: no SDK, no tracer provider, nothing added to requests or events', async () => {
    expect(await startTracing(settings({}), 'posts')).toBeNull();
    expect(tracingActive()).toBe(false);
    // The API's no-op: spans made through it record nothing.
    expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false);
  });
});
