import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { GATEWAY_ENV_VARIABLES } from '@shutter/gateway/env';
import { repoRoot } from '@shutter/runtime';
import { DockerfileParser } from 'dockerfile-ast';
import { parse } from 'yaml';
import { loadSubgraphDefinitions, SUBGRAPHS } from '../../schema/subgraphs.js';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string; args?: Record<string, string> };
  restart?: string;
  stop_grace_period?: string;
  deploy?: { resources?: { limits?: { memory?: string; cpus?: string } } };
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
};
const services = compose.services;
const variablesOf: Record<string, readonly string[]> = {
  ...Object.fromEntries((await loadSubgraphDefinitions()).map((s) => [s.name, s.env.variables])),
  gateway: GATEWAY_ENV_VARIABLES,
};

describe('docker-compose.yml', () => {
  it('has a container for the gateway, every subgraph, PostgreSQL, Kafka and Redis', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['elasticsearch', 'gateway', 'kafka', 'minio', 'postgres', 'redis', ...SUBGRAPHS.map((s) => s.name)].sort(),
    );
  });

  it('starts the gateway after every subgraph is healthy', () => {
    expect(Object.keys(services.gateway!.depends_on!).sort()).toEqual(SUBGRAPHS.map((s) => s.name).sort());
  });

  it('points S3 storage at the minio service', () => {
    const url = new URL(services.posts!.environment!.S3_ENDPOINT!);
    expect(url.hostname).toBe('minio');
    expect(services.minio!.ports).toEqual([`${url.port}:${url.port}`]);
  });

  it('points search at the elasticsearch service', () => {
    expect(new URL(services.posts!.environment!.ELASTICSEARCH_URL!).hostname).toBe('elasticsearch');
  });

  it('gives services that use Redis the redis service', () => {
    for (const service of Object.values(services)) {
      const url = service.environment?.REDIS_URL;
      if (url) expect(new URL(url).hostname).toBe('redis');
    }
  });

  it('points every subgraph at the Kafka broker it advertises', () => {
    const advertised = services.kafka!.environment!.KAFKA_ADVERTISED_LISTENERS!.replace('PLAINTEXT://', '');
    for (const { name } of SUBGRAPHS) expect(services[name]!.environment!.KAFKA_BROKERS).toBe(advertised);
  });

  it('builds every Shutter service from a stage of a Dockerfile that exists', () => {
    for (const name of Object.keys(variablesOf)) {
      const build = services[name]!.build!;
      const dockerfile = join(repoRoot, build.context, build.dockerfile);
      expect(existsSync(dockerfile)).toBe(true);
      const stages = DockerfileParser.parse(readFileSync(dockerfile, 'utf8'))
        .getFROMs()
        .map((from) => from.getBuildStage());
      expect(stages).toContain(build.target);
    }
  });

  it("builds each subgraph from the Dockerfile's subgraph stage with its own name and port, the gateway from its own", () => {
    for (const { name, localPort } of SUBGRAPHS) {
      expect(services[name]!.build).toEqual({
        context: '.',
        dockerfile: 'docker/Dockerfile',
        target: 'subgraph',
        args: { SUBGRAPH: name, PORT: String(localPort) },
      });
    }
    expect(services.gateway!.build).toEqual({ context: '.', dockerfile: 'docker/Dockerfile', target: 'gateway' });
  });

  it('pins every image it pulls to an exact version', () => {
    const pulled = Object.entries(services).filter(([, service]) => service.image);
    expect(pulled.map(([name]) => name).sort()).toEqual(['elasticsearch', 'kafka', 'minio', 'postgres', 'redis']);
    for (const [name, { image }] of pulled) {
      const exact =
        /@sha256:[0-9a-f]{64}$/.test(image!) ||
        // MinIO names its releases by date.
        /:RELEASE\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/.test(image!) ||
        /:\d+\.\d+\.\d+(-[a-z0-9.]+)?$/.test(image!) ||
        // PostgreSQL's versions have two numbers (major.minor) since 10.
        /^postgres:\d{2,}\.\d+(-[a-z0-9.]+)?$/.test(image!);
      expect(`${name}: ${image} ${exact ? 'is exact' : 'floats'}`).toBe(`${name}: ${image} is exact`);
    }
  });

  it('restarts every service unless it was stopped', () => {
    for (const [name, service] of Object.entries(services))
      expect(`${name}: ${service.restart}`).toBe(`${name}: unless-stopped`);
  });

  it('gives every Shutter service time to drain and close before docker stop kills it', () => {
    for (const name of Object.keys(variablesOf))
      expect(`${name}: ${services[name]!.stop_grace_period}`).toBe(`${name}: 30s`);
  });

  it('limits the memory and CPU of every service', () => {
    for (const [name, service] of Object.entries(services)) {
      const limits = service.deploy?.resources?.limits;
      expect({ name, memory: limits?.memory, cpus: Number(limits?.cpus) }).toEqual({
        name,
        memory: expect.stringMatching(/^\d+[mg]$/),
        cpus: expect.any(Number),
      });
      expect(Number(limits!.cpus)).toBeGreaterThan(0);
    }
  });

  it('depends only on services that exist', () => {
    for (const service of Object.values(services)) {
      for (const dependency of Object.keys(service.depends_on ?? {}))
        expect(Object.keys(services)).toContain(dependency);
    }
  });

  it('sets only variables the services read', () => {
    for (const [name, known] of Object.entries(variablesOf)) {
      for (const variable of Object.keys(services[name]!.environment ?? {})) {
        expect(
          `${name}: ${known.includes(variable) || variable.startsWith('SUBGRAPH_URL_') ? 'known' : variable}`,
        ).toBe(`${name}: known`);
      }
    }
  });

  it('points database URLs at the postgres service and the databases it creates', () => {
    const init = readFileSync(join(repoRoot, 'docker', 'postgres-init.sql'), 'utf8');
    for (const { name } of SUBGRAPHS) {
      const url = new URL(services[name]!.environment![`DATABASE_URL_${name.toUpperCase()}`]!);
      expect(url.hostname).toBe('postgres');
      expect(init).toContain(`CREATE DATABASE ${url.pathname.slice(1)};`);
    }
  });

  it('exposes each subgraph on the port in its supergraph URL and the PORT it is given', () => {
    for (const { name, url } of SUBGRAPHS) {
      const parsed = new URL(url);
      expect(parsed.hostname).toBe(name);
      expect(services[name]!.expose).toEqual([parsed.port]);
      expect(services[name]!.environment!.PORT).toBe(parsed.port);
    }
    expect(services.gateway!.ports).toEqual([`4000:${services.gateway!.environment!.PORT}`]);
  });

  it('interpolates only variables that npm run secrets or .env.example document', () => {
    const text = readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8');
    const documented = readFileSync(join(repoRoot, '.env.example'), 'utf8');
    const interpolated = [...text.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!);
    for (const variable of new Set(interpolated)) expect(documented).toMatch(new RegExp(`^#? ?${variable}=`, 'm'));
  });
});
