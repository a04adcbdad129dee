import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '@shutter/runtime';
import { DockerfileParser, type Copy, type From, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { parse } from 'yaml';

// docker/Dockerfile builds every image (there is no Docker engine here to build them): parsed with
// dockerfile-ast, linted with dockerfile-utils (the parser and validator of VS Code's Docker support).
const text = readFileSync(join(repoRoot, 'docker', 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(text);

interface Stage {
  from: From;
  name: string | null;
  instructions: Instruction[];
}
const stages: Stage[] = [];
for (const instruction of dockerfile.getInstructions()) {
  if (instruction.getKeyword() === 'FROM') {
    const from = instruction as From;
    stages.push({ from, name: from.getBuildStage(), instructions: [] });
  } else stages.at(-1)?.instructions.push(instruction);
}

const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, { build?: { dockerfile: string; target?: string } }>;
};
const targets = [
  ...new Set(
    Object.values(compose.services)
      .filter((service) => service.build?.dockerfile === 'docker/Dockerfile')
      .map((service) => service.build!.target!),
  ),
];
// The images: the stages compose builds, and the last one (what a plain `docker build` makes).
const images = stages.filter((stage) => targets.includes(stage.name!) || stage === stages.at(-1));
const nodeVersion = (
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  }
).devDependencies.node!;

const keyword = (stage: Stage, name: string) => stage.instructions.filter((i) => i.getKeyword() === name);
const args = (instruction: Instruction) => instruction.getArguments().map((a) => a.getValue());

describe('docker/Dockerfile', () => {
  it('has no problem the Dockerfile linter finds', () => {
    expect(validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('has a stage for every image compose builds, gateway and subgraph', () => {
    expect(targets.sort()).toEqual(['gateway', 'subgraph']);
    expect(images.map((stage) => stage.name).sort()).toEqual(targets);
  });

  it('starts every stage from the Node image of the Node the project runs on, pinned to its exact version', () => {
    for (const { from } of stages) expect(from.getImage()).toBe(`node:${nodeVersion}-bookworm-slim`);
  });

  describe.each(images.map((stage) => [stage.name, stage] as const))('the %s image', (_name, stage) => {
    it('runs as a user other than root, by number', () => {
      const user = keyword(stage, 'USER').at(-1);
      expect(user && args(user)).toEqual([expect.stringMatching(/^[1-9]\d*(:[1-9]\d*)?$/)]);
    });

    it('copies only built files from the build stage, never the context', () => {
      const copies = [...keyword(stage, 'COPY'), ...keyword(stage, 'ADD')];
      expect(copies.length).toBeGreaterThan(0);
      for (const copy of copies) {
        expect(copy.getKeyword()).toBe('COPY');
        expect((copy as Copy).getFromFlag()?.getValue()).toBe('build');
        expect(args(copy)[0]).toMatch(/^\/src\/dist\/[^/]+\/$/);
      }
    });

    it('runs in production mode', () => {
      expect(keyword(stage, 'ENV').map((env) => args(env).join(' '))).toEqual([
        expect.stringMatching(/(^| )NODE_ENV=production( |$)/),
      ]);
    });

    it('reports health from /ready', () => {
      const checks = keyword(stage, 'HEALTHCHECK');
      expect(checks).toHaveLength(1);
      expect(checks[0]!.getRawArgumentsContent()).toMatch(/CMD \["node", "-e", ".*\/ready'/);
    });

    it('runs node itself as PID 1: exec form, no shell, no entrypoint', () => {
      expect(keyword(stage, 'ENTRYPOINT')).toEqual([]);
      const cmd = keyword(stage, 'CMD');
      expect(cmd).toHaveLength(1);
      expect(JSON.parse(cmd[0]!.getRawArgumentsContent()!)).toEqual(['node', '--enable-source-maps', 'index.mjs']);
    });
  });
});
