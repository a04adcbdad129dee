import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot } from '@shutter/runtime';
import { s3TestEnv } from '@shutter/testing';
import { png } from '../support/media.js';
import { registerUser, startTestSupergraph, type TestSupergraph } from '../support/supergraph.js';

// Issue 15, item 4: README's upload examples, run as written (the fenced blocks copied out of
// README.md unchanged), create a post with the image, on the local storage and on S3 (S3Proxy).

const run = promisify(execFile);

/** The fenced blocks of one language in README's "Uploading media" section, in order. */
function readmeBlocks(language: string): string[] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('### Uploading media');
  if (start < 0) throw new Error('README.md has no "### Uploading media" section');
  const end = readme.indexOf('\n### ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

/** The curl flow: the bash block that uploads (the one before it only sets the variables). */
const curlFlow = () => {
  const blocks = readmeBlocks('bash');
  expect(blocks[0]).toMatch(/^export GATEWAY=\S+ SHUTTER_LOGIN=\S+ SHUTTER_PASSWORD=.+ PHOTO=\S+\n$/);
  const flow = blocks.find((block) => block.includes('requestUploads'));
  if (!flow) throw new Error('README.md has no bash block calling requestUploads');
  return flow;
};
const fetchFlow = () => {
  const [block] = readmeBlocks('js');
  if (!block?.includes('requestUploads')) throw new Error('README.md has no js block calling requestUploads');
  return block;
};

interface Posted {
  user: { posts: { edges: { node: { id: string; caption: string; media: { url: string; width: number }[] } }[] } };
}

describe.each(['local', 's3'] as const)("README's upload examples with %s media storage", (storage) => {
  let graph: TestSupergraph;
  const dir = mkdtempSync(join(tmpdir(), 'shutter-readme-'));
  beforeAll(async () => {
    graph = await startTestSupergraph(storage === 's3' ? s3TestEnv('readme') : {});
  });
  afterAll(async () => {
    await graph?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh account and photo, and the variables README tells the reader to set. */
  async function reader(width: number) {
    const who = await registerUser(graph, {}, { settle: true });
    const photo = png(width, 7);
    const path = join(dir, `photo-${width}.png`);
    writeFileSync(path, photo);
    const env = {
      PATH: process.env.PATH!,
      HOME: dir,
      GATEWAY: graph.url.replace(/\/graphql$/, ''),
      SHUTTER_LOGIN: who.user.username,
      SHUTTER_PASSWORD: who.password,
      PHOTO: path,
    };
    return { who, photo, env };
  }

  /** The reader's posts, with the bytes their media URL serves. */
  async function postsOf(userId: string) {
    const response = await graph.request<Posted>(
      `query($id: ID!) { user(id: $id) { posts { edges { node { id caption media { url width } } } } } }`,
      { id: userId },
    );
    return Promise.all(
      response.data!.user.posts.edges.map(async ({ node }) => ({
        id: node.id,
        caption: node.caption,
        widths: node.media.map((m) => m.width),
        bytes: Buffer.from(await (await fetch(node.media[0]!.url)).arrayBuffer()),
      })),
    );
  }

  it('the curl example, run with bash as written, creates a post with the image', async () => {
    const { who, photo, env } = await reader(11);
    // bash -e -o pipefail: a failing step stops the run (as it shows its error to a reader).
    const { stdout } = await run('bash', ['-e', '-o', 'pipefail', '-c', curlFlow()], { env, cwd: dir });
    const printed = JSON.parse(stdout) as { createPost: { id: string; media: { width: number }[] } };
    const posts = await postsOf(who.user.id);
    expect(posts.map(({ id, caption, widths }) => ({ id, caption, widths }))).toEqual([
      { id: printed.createPost.id, caption: 'Hello from curl #shutter', widths: [11] },
    ]);
    expect(posts[0]!.bytes.equals(photo)).toBe(true);
  });

  it('the fetch example, run with node as written, creates a post with the image', async () => {
    const { who, photo, env } = await reader(13);
    const script = join(dir, 'upload.mjs');
    writeFileSync(script, fetchFlow());
    const { stdout } = await run(process.execPath, [script], { env, cwd: dir });
    const posts = await postsOf(who.user.id);
    expect(posts.map(({ id, caption, widths }) => ({ id, caption, widths }))).toEqual([
      { id: stdout.trim(), caption: 'Hello from fetch #shutter', widths: [13] },
    ]);
    expect(posts[0]!.bytes.equals(photo)).toBe(true);
  });

  it('the curl example stops with the GraphQL error when a step is refused', async () => {
    const { env } = await reader(5);
    const refused = run('bash', ['-e', '-o', 'pipefail', '-c', curlFlow()], {
      env: { ...env, SHUTTER_PASSWORD: 'not the password at all' },
      cwd: dir,
    });
    await expect(refused).rejects.toMatchObject({ stderr: expect.stringMatching(/UNAUTHENTICATED/) });
  });
});
