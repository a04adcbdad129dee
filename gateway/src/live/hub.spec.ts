import { describe, expect, it } from '@jest/globals';
import { createLogger, type Viewer } from '@shutter/runtime';
import { LiveHub, type ListenerSpec, type LivePush, type RunQuery } from './hub.js';

const logger = createLogger({ service: 'hub-spec', level: 'silent' });
const viewer = (userId: string | null): Viewer => ({ userId, role: userId ? 'USER' : null, requestId: 'r' });
const spec = (who: Viewer, channel = 'post:1'): ListenerSpec => ({
  channel,
  requery: {
    query: 'query($liveId: ID!) { postUpdated: post(id: $liveId) { id } }',
    idVariable: 'liveId',
    variables: [],
    responseKey: 'postUpdated',
  },
  variables: {},
  viewer: who,
});
const flush = () => new Promise((r) => setTimeout(r, 10));

/** A query runner that records its calls and answers when told to. */
function runner(answer: (id: string, viewer: Viewer) => LivePush = (id) => ({ data: { postUpdated: { id } } })) {
  const calls: { id: string; viewer: Viewer }[] = [];
  const run: RunQuery = async ({ variables }, who) => {
    const id = String(variables.liveId);
    calls.push({ id, viewer: who });
    return answer(id, who);
  };
  return { calls, run };
}

describe(LiveHub.name, () => {
  it('runs one query per identity for an event, however many subscribers share it', async () => {
    const { calls, run } = runner();
    const hub = new LiveHub(run, logger);
    const received: LivePush[] = [];
    for (let i = 0; i < 5_000; i += 1) hub.listen(spec(viewer(null)), (p) => received.push(p));
    hub.listen(spec(viewer('ada')), (p) => received.push(p));
    hub.publish('event-1', { channel: 'post:1', id: '1' });
    await flush();
    expect(received).toHaveLength(5_001);
    expect(calls.map((c) => c.viewer.userId).sort()).toEqual(['ada', null]);
  });

  it('delivers each subscriber’s pushes in event order even when a later query answers first', async () => {
    const answers = new Map<string, (push: LivePush) => void>();
    const hub = new LiveHub(
      ({ variables }) => new Promise<LivePush>((resolve) => answers.set(String(variables.liveId), resolve)),
      logger,
    );
    const received: unknown[] = [];
    hub.listen(spec(viewer('ada')), (p) => received.push(p.data!.postUpdated));
    hub.publish('e1', { channel: 'post:1', id: 'first' });
    hub.publish('e2', { channel: 'post:1', id: 'second' });
    answers.get('second')!({ data: { postUpdated: 'second' } });
    await flush();
    expect(received).toEqual([]);
    answers.get('first')!({ data: { postUpdated: 'first' } });
    await flush();
    expect(received).toEqual(['first', 'second']);
  });

  it('pushes nothing when the entity is gone or hidden from the subscriber, or the query failed', async () => {
    const { run } = runner((id, who) => {
      if (id === 'broken') throw new Error('subgraph down');
      return { data: { postUpdated: who.userId === 'blocked' ? null : { id } } };
    });
    const hub = new LiveHub(run, logger);
    const blocked: LivePush[] = [];
    const other: LivePush[] = [];
    hub.listen(spec(viewer('blocked')), (p) => blocked.push(p));
    hub.listen(spec(viewer('ada')), (p) => other.push(p));
    hub.publish('e1', { channel: 'post:1', id: '1' });
    hub.publish('e2', { channel: 'post:1', id: 'broken' });
    await flush();
    expect(blocked).toEqual([]);
    expect(other).toEqual([{ data: { postUpdated: { id: '1' } } }]);
  });

  it('forgets a subscriber and its channel when it stops listening', async () => {
    const { calls, run } = runner();
    const hub = new LiveHub(run, logger);
    const stop = hub.listen(spec(viewer('ada'), 'post:9'), () => undefined);
    expect(hub.stats()).toEqual({ listeners: 1, channels: 1 });
    stop();
    stop();
    expect(hub.stats()).toEqual({ listeners: 0, channels: 0 });
    hub.publish('e1', { channel: 'post:9', id: '9' });
    await flush();
    expect(calls).toEqual([]);
  });
});
