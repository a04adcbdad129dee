import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { repoRoot } from '@shutter/runtime';
import { eventually } from '@shutter/testing';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ensureWebClient } from '../../scripts/web-client.js';
import { png } from '../support/media.js';
import { newUserInput, registerUser, startTestSupergraph, type TestSupergraph } from '../support/supergraph.js';

/**
 * The web client (clients/web) in Debian's Chromium, driven by playwright-core: two people in two
 * browser contexts, one at phone width (375 px), go through what the acceptance names —
 * sign up, upload and post, follow, the post arriving live in the follower's feed, a like and a
 * comment reaching the author without a reload (counts, notifications badge), and a video call
 * between the two browsers (fake camera and microphone) that both find in their call history.
 * Every main screen is saved as a screenshot in test-artifacts/browser/.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(repoRoot, 'test-artifacts', 'browser');

let graph: TestSupergraph;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Console errors and uncaught exceptions, per person: the test ends asserting there were none. */
const problems: string[] = [];

beforeAll(async () => {
  // Loud, never skipped: these tests are part of npm test, and CI installs Chromium (.ci/run).
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  mkdirSync(SHOTS, { recursive: true });
  graph = await startTestSupergraph({ WEB_CLIENT_DIR: ensureWebClient() });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      // Both browsers are on this machine: let WebRTC pair over loopback.
      '--allow-loopback-in-peer-connection',
    ],
  });
}, 120_000);

afterAll(async () => {
  // Where each person's page was at the end (the place to look when a step above failed).
  await Promise.all(
    contexts.map((c, i) =>
      c
        .pages()[0]
        ?.screenshot({ path: join(SHOTS, `last-${i}.png`) })
        .catch(() => undefined),
    ),
  );
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await graph?.close();
});

async function person(
  name: string,
  viewport: { width: number; height: number },
  on: TestSupergraph = graph,
): Promise<Page> {
  const context = await browser.newContext({ viewport, baseURL: on.stack.gateway.url });
  contexts.push(context);
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${name} console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${name} page error: ${error.message}`));
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

async function signUp(page: Page, input: { email: string; username: string; password: string }) {
  await page.goto('/');
  await page.getByLabel('Email').fill(input.email);
  await page.getByLabel('Username').fill(input.username);
  await page.getByLabel('Password').fill(input.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Home' }).waitFor();
}

/** The gateway holds `count` subscriptions: the pages subscribed before what should reach them happens. */
const subscriptions = (count: number, on: TestSupergraph = graph) =>
  eventually(
    () => on.stack.gateway.live!.stats().listeners === count,
    () => `gateway holds ${on.stack.gateway.live!.stats().listeners} subscriptions, expected ${count}`,
  );

/** What the client keeps in localStorage for the signed-in session. */
const storedSession = (page: Page) =>
  page.evaluate('JSON.parse(localStorage.getItem("shutter.session") ?? "null")') as Promise<{
    accessToken: string;
    accessTokenExpiresAt: string;
    userId: string;
  } | null>;

it('serves the client at the gateway origin, with the API beside it', async () => {
  const origin = graph.stack.gateway.url;
  const page = await fetch(`${origin}/p/some-post`, { headers: { accept: 'text/html' } });
  expect(page.status).toBe(200);
  expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  const html = await page.text();
  const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(asset).toBeDefined();
  const script = await fetch(`${origin}${asset}`);
  expect([script.status, script.headers.get('cache-control')]).toEqual([200, 'public, max-age=31536000, immutable']);
  expect((await fetch(`${origin}/assets/missing.js`)).status).toBe(404);
  expect(await (await fetch(`${origin}/health`)).json()).toMatchObject({ status: 'ok' });
  const api = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  expect(await api.json()).toEqual({ data: { __typename: 'Query' } });
});

it('two people sign up, post, follow, like, comment and call each other, live, without reloading', async () => {
  const ada = { ...newUserInput(), page: await person('ada', { width: 375, height: 812 }) };
  const bob = { ...newUserInput(), page: await person('bob', { width: 1280, height: 900 }) };

  // Sign-up: a field error beside its field first, then the account.
  await ada.page.goto('/');
  await shot(ada.page, 'sign-up');
  await ada.page.getByLabel('Email').fill('not an email');
  await ada.page.getByLabel('Username').fill(ada.username);
  await ada.page.getByLabel('Password').fill(ada.password);
  await ada.page.getByRole('button', { name: 'Create account' }).click();
  // The field is described only once the server's answer is in: wait for that before reading which
  // element describes it (read at once, a slow answer gave '#null').
  const email = ada.page.getByLabel('Email');
  await email.and(ada.page.locator('[aria-describedby]')).waitFor();
  const emailError = ada.page.locator('#' + (await email.getAttribute('aria-describedby'))!);
  await emailError.waitFor();
  expect(await email.getAttribute('aria-invalid')).toBe('true');
  await signUp(ada.page, ada);
  await signUp(bob.page, bob);

  // Bob follows Ada; Ada's badge counts the follow at once.
  await bob.page.goto(`/u/${ada.username}`);
  await bob.page.getByRole('button', { name: 'Follow', exact: true }).click();
  await bob.page.getByRole('button', { name: 'Unfollow' }).waitFor();
  expect(await bob.page.getByTestId('follower-count').textContent()).toBe('1');
  await shot(bob.page, 'profile');
  await ada.page.getByTestId('unread-badge').filter({ hasText: '1' }).waitFor();

  // Bob watches his feed while Ada posts a picture.
  await bob.page.getByRole('link', { name: 'Home' }).click();
  await bob.page.getByText('Your feed is empty.').waitFor();
  await ada.page.getByRole('link', { name: 'New post' }).click();
  // Ada: notifications and calls; Bob: the same and his feed.
  await subscriptions(5);
  await ada.page
    .getByLabel(/Pictures/)
    .setInputFiles({ name: 'sunset.png', mimeType: 'image/png', buffer: png(640, 480) });
  await ada.page.getByLabel('Caption').fill('First light #sunset');
  await shot(ada.page, 'create-post');
  await ada.page.getByRole('button', { name: 'Share' }).click();
  await ada.page.waitForURL(/\/p\/[0-9a-f-]+$/);
  const postId = ada.page.url().split('/p/')[1]!;
  const picture = ada.page.getByRole('img', { name: 'Picture' });
  await picture.waitFor();
  expect(await picture.evaluate((img: { naturalWidth: number }) => img.naturalWidth)).toBe(640);

  // It arrives in Bob's feed live; he likes it.
  const arrived = bob.page.locator(`article[data-post-id="${postId}"]`);
  await arrived.waitFor();
  expect(await arrived.getByText('First light').textContent()).toContain('#sunset');
  await shot(bob.page, 'feed');
  await arrived.getByRole('button', { name: /Like/ }).click();
  await arrived.getByText('1 like', { exact: true }).waitFor();
  expect(await arrived.getByRole('button', { name: /Liked/ }).getAttribute('aria-pressed')).toBe('true');

  // Ada, on her post, sees the like count and her badge change without a reload.
  await ada.page.getByText('1 like', { exact: true }).waitFor();
  await ada.page.getByTestId('unread-badge').filter({ hasText: '2' }).waitFor();

  // Bob comments; Ada's post page shows the comment, she replies, and Bob sees the reply.
  await bob.page.goto(`/p/${postId}`);
  await bob.page.getByLabel('Add a comment').fill(`Lovely, @${ada.username}`);
  await bob.page.getByRole('button', { name: 'Post', exact: true }).click();
  await ada.page.getByText('Lovely,').waitFor();
  await ada.page.getByText('1 comment', { exact: true }).waitFor();
  await ada.page.getByRole('button', { name: 'Reply' }).click();
  await ada.page.getByLabel(`Reply to ${bob.username}`).fill('Thank you!');
  await ada.page.getByRole('button', { name: 'Reply', exact: true }).last().click();
  await bob.page.getByText('Thank you!').waitFor();
  await shot(bob.page, 'post');

  // Ada's notifications name the follow, the like and the comment; opening them clears the badge.
  await ada.page.getByRole('link', { name: /Notifications/ }).click();
  await ada.page.getByText('liked your post').waitFor();
  expect(await ada.page.getByRole('listitem').allTextContents()).toEqual(
    expect.arrayContaining([
      expect.stringContaining('started following you'),
      expect.stringContaining('liked your post'),
      expect.stringContaining('commented'),
    ]),
  );
  await ada.page.getByTestId('unread-badge').waitFor({ state: 'detached' });
  await shot(ada.page, 'notifications');
  await ada.page.getByRole('link', { name: 'Explore' }).click();
  await ada.page.locator(`a[href="/p/${postId}"]`).waitFor();
  await shot(ada.page, 'explore');

  // A video call between the two browsers: it rings, Bob answers, both connect, Ada hangs up.
  await ada.page.goto(`/u/${bob.username}`);
  await ada.page.getByRole('button', { name: 'Video call' }).click();
  await bob.page.getByRole('dialog', { name: `@${ada.username} is calling you` }).waitFor();
  await bob.page.getByRole('button', { name: 'Answer' }).click();
  await ada.page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
  await bob.page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
  await shot(bob.page, 'call');
  await ada.page.getByRole('button', { name: 'Hang up' }).click();
  await bob.page.getByRole('status').filter({ hasText: 'Call ended' }).waitFor();
  for (const { page } of [ada, bob]) {
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('link', { name: 'Calls' }).click();
    await page.getByText(/video call · ended/).waitFor();
  }
  expect(await ada.page.getByText(/video call · ended/).textContent()).toContain('outgoing');
  expect(await bob.page.getByText(/video call · ended/).textContent()).toContain('incoming');
  await shot(ada.page, 'calls');

  // A private account: Bob makes his private, Ada asks to follow him, Bob approves her request.
  await bob.page.goto(`/u/${bob.username}`);
  await bob.page.getByRole('button', { name: 'Make account private' }).click();
  await bob.page.getByRole('link', { name: 'Follow requests' }).waitFor();
  await graph.settle(); // follows has heard that Bob's account is private
  await ada.page.goto(`/u/${bob.username}`);
  await ada.page.getByRole('button', { name: 'Ask to follow' }).click();
  await ada.page.getByRole('button', { name: 'Requested · cancel' }).waitFor();
  await bob.page.getByRole('link', { name: 'Follow requests' }).click();
  await bob.page.getByRole('link', { name: ada.username }).waitFor();
  await bob.page.getByRole('button', { name: 'Approve' }).click();
  await bob.page.getByText('No pending requests.').waitFor();
  await ada.page.reload();
  await ada.page.getByRole('button', { name: 'Unfollow' }).waitFor();

  // Search finds Bob; the hashtag page lists the post.
  await ada.page.getByRole('link', { name: 'Search' }).click();
  await ada.page.getByRole('searchbox').fill(bob.username);
  await ada.page.getByRole('button', { name: 'Search' }).click();
  await ada.page.getByRole('link', { name: bob.username, exact: true }).waitFor();
  await shot(ada.page, 'search');
  await ada.page.goto('/tags/sunset');
  await ada.page.locator(`a[href="/p/${postId}"]`).waitFor();

  // Usable at phone width: nothing wider than Ada's 375 px screen.
  for (const path of ['/', `/p/${postId}`, '/notifications', `/u/${bob.username}`]) {
    await ada.page.goto(path);
    await ada.page.locator('main h1, main article').first().waitFor();
    const width = await ada.page.evaluate('document.documentElement.scrollWidth');
    expect([path, width]).toEqual([path, 375]);
  }

  // Ada blocks Bob (after confirming), and can lift it again.
  await ada.page.goto(`/u/${bob.username}`);
  ada.page.once('dialog', (dialog) => void dialog.accept());
  await ada.page.getByRole('button', { name: 'Block' }).click();
  await ada.page.getByRole('button', { name: 'Unblock' }).waitFor();
  expect(await ada.page.getByRole('button', { name: 'Video call' }).count()).toBe(0);
  await ada.page.getByRole('button', { name: 'Unblock' }).click();
  await ada.page.getByRole('button', { name: 'Block' }).waitFor();

  // Signing out and in again: a wrong password is refused above the form, the right one opens the feed.
  await ada.page.getByRole('button', { name: 'Sign out' }).click();
  await ada.page.getByRole('button', { name: 'Log in', exact: true }).click();
  await ada.page.getByLabel('Username or email').fill(ada.username);
  await ada.page.getByLabel('Password').fill('not the password at all');
  await ada.page.getByRole('form', { name: 'Log in' }).getByRole('button', { name: 'Log in' }).click();
  await ada.page.getByRole('alert').filter({ hasText: 'Wrong username, email or password.' }).waitFor();
  await ada.page.getByLabel('Password').fill(ada.password);
  await ada.page.getByRole('form', { name: 'Log in' }).getByRole('button', { name: 'Log in' }).click();
  await ada.page.locator(`article[data-post-id="${postId}"]`).waitFor();
  expect(problems).toEqual([]);
}, 180_000);

it('stays signed in past its access token: refreshed silently, the live socket back with the new one', async () => {
  // Access tokens of 30 s (the least the users subgraph allows) instead of 15 min.
  const short = await startTestSupergraph({ WEB_CLIENT_DIR: ensureWebClient(), ACCESS_TOKEN_TTL_SECONDS: '30' });
  try {
    const name = 'cleo (30 s tokens)';
    const page = await person(name, { width: 375, height: 812 }, short);
    await signUp(page, newUserInput());
    const first = (await storedSession(page))!;
    // The app exchanges the pair before the access token expires, by itself.
    // (A function, not a string: the page's CSP forbids eval.)
    await page.waitForFunction(
      (token) =>
        !(globalThis as unknown as { localStorage: Storage }).localStorage.getItem('shutter.session')?.includes(token),
      first.accessToken,
      { timeout: 60_000 },
    );
    // Then the first token expires, and the gateway closes the socket opened with it (4401): the
    // client opens a new one with its new token and subscribes again (feed, notifications, calls).
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, Date.parse(first.accessTokenExpiresAt) + 500 - Date.now())),
    );
    await subscriptions(3, short);
    const dan = await registerUser(short, {}, { settle: true });
    const followed = await short.request(
      `mutation ($id: ID!) { follow(userId: $id) { id } }`,
      { id: first.userId },
      { token: dan.accessToken },
    );
    expect(followed.errors).toBeUndefined();
    await page.getByTestId('unread-badge').filter({ hasText: '1' }).waitFor();
    await page.getByRole('link', { name: /Notifications/ }).click();
    await page.getByText('started following you').waitFor();
    expect((await storedSession(page))?.userId).toBe(first.userId);
    expect(problems.filter((problem) => problem.startsWith(name))).toEqual([]);
  } finally {
    await short.close();
  }
}, 120_000);
