import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useClient } from 'urql';
import { graphql } from '../generated';
import { errorText } from './errors';

const CallSignals = graphql(`
  subscription CallSignals {
    callSignals {
      id
      callId
      kind
      payload
      from {
        id
        username
      }
    }
  }
`);
const IceServers = graphql(`
  query IceServers {
    iceServers {
      urls
      username
      credential
    }
  }
`);
const StartCall = graphql(`
  mutation StartCall($calleeId: ID!) {
    startCall(calleeId: $calleeId, type: VIDEO) {
      id
      status
    }
  }
`);
const AnswerCall = graphql(`
  mutation AnswerCall($callId: ID!, $sdpAnswer: String!) {
    answerCall(callId: $callId, sdpAnswer: $sdpAnswer) {
      id
      status
    }
  }
`);
const DeclineCall = graphql(`
  mutation DeclineCall($callId: ID!) {
    declineCall(callId: $callId) {
      id
      status
    }
  }
`);
const EndCall = graphql(`
  mutation EndCall($callId: ID!) {
    endCall(callId: $callId) {
      id
      status
      durationSeconds
    }
  }
`);
const SendSignal = graphql(`
  mutation SendCallSignal($callId: ID!, $kind: String!, $payload: String!) {
    sendCallSignal(callId: $callId, kind: $kind, payload: $payload)
  }
`);

export interface Peer {
  id: string;
  username: string;
}
export type CallPhase = 'calling' | 'ringing' | 'connecting' | 'connected' | 'ended';
export interface CallState {
  callId: string | null;
  peer: Peer;
  phase: CallPhase;
  /** Why it ended, or what went wrong. */
  note: string | null;
  connectedAt: number | null;
}

interface Calls {
  call: CallState | null;
  busy: boolean;
  localStream: MediaStream | null;
  remoteStream: MediaStream | null;
  startCall(peer: Peer): void;
  answer(): void;
  decline(): void;
  hangUp(): void;
  dismiss(): void;
}

const CallsContext = createContext<Calls | null>(null);

export function useCalls(): Calls {
  const calls = useContext(CallsContext);
  if (!calls) throw new Error('useCalls outside CallsProvider');
  return calls;
}

const ENDINGS: Record<string, string> = {
  declined: 'Declined',
  cancelled: 'Cancelled',
  missed: 'No answer',
  ended: 'Call ended',
};

/**
 * Video calls over WebRTC: Shutter carries the signalling (startCall, offer and ICE candidates with
 * sendCallSignal, answerCall carrying the SDP answer), the media flow peer to peer. One call at a
 * time; every signal for this account arrives on one `callSignals` subscription.
 */
export function CallsProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const [call, setCall] = useState<CallState | null>(null);
  const [localStream, setLocalStream] = useState<MediaStream | null>(null);
  const [remoteStream, setRemoteStream] = useState<MediaStream | null>(null);
  const live = useRef<{
    callId: string | null;
    pc: RTCPeerConnection | null;
    stream: MediaStream | null;
    offer: Promise<string>;
    gotOffer: (sdp: string) => void;
    candidates: RTCIceCandidateInit[];
    /** Outgoing signals in order: the offer before the candidates it produced. */
    outbox: Promise<unknown>;
  } | null>(null);

  const update = (patch: Partial<CallState>) => setCall((c) => (c ? { ...c, ...patch } : c));

  const cleanup = useCallback(() => {
    const current = live.current;
    live.current = null;
    current?.pc?.close();
    current?.stream?.getTracks().forEach((track) => track.stop());
    setLocalStream(null);
    setRemoteStream(null);
  }, []);

  const fresh = (callId: string | null) => {
    let gotOffer: (sdp: string) => void = () => undefined;
    const offer = new Promise<string>((resolve) => (gotOffer = resolve));
    live.current = { callId, pc: null, stream: null, offer, gotOffer, candidates: [], outbox: Promise.resolve() };
    return live.current;
  };

  const mutate = useCallback(
    async <R,>(run: () => Promise<{ data?: R; error?: Parameters<typeof errorText>[0] }>): Promise<R> => {
      const result = await run();
      if (result.data === undefined || result.data === null) throw new Error(errorText(result.error) ?? 'refused');
      return result.data;
    },
    [],
  );

  const send = useCallback(
    (kind: string, payload: string) => {
      const current = live.current;
      if (!current?.callId) return;
      const callId = current.callId;
      current.outbox = current.outbox.then(() => client.mutation(SendSignal, { callId, kind, payload }).toPromise());
    },
    [client],
  );

  /** The camera and microphone, and a peer connection that sends them and shows what arrives. */
  const connect = useCallback(async () => {
    const current = live.current!;
    const [ice, stream] = await Promise.all([
      client.query(IceServers, {}, { requestPolicy: 'network-only' }).toPromise(),
      navigator.mediaDevices.getUserMedia({ audio: true, video: true }),
    ]);
    if (live.current !== current) {
      stream.getTracks().forEach((track) => track.stop());
      throw new Error('cancelled');
    }
    current.stream = stream;
    setLocalStream(stream);
    const iceServers = (ice.data?.iceServers ?? []).map((s) => ({
      urls: [...s.urls],
      ...(s.username ? { username: s.username } : {}),
      ...(s.credential ? { credential: s.credential } : {}),
    }));
    const pc = new RTCPeerConnection({ iceServers });
    current.pc = pc;
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    pc.addEventListener('icecandidate', (event) => {
      if (event.candidate) send('ice-candidate', JSON.stringify(event.candidate.toJSON()));
    });
    pc.addEventListener('track', (event) => setRemoteStream(event.streams[0] ?? new MediaStream([event.track])));
    pc.addEventListener('connectionstatechange', () => {
      if (live.current !== current) return;
      if (pc.connectionState === 'connected') update({ phase: 'connected', connectedAt: Date.now() });
      if (pc.connectionState === 'failed') update({ note: 'The connection failed.' });
    });
    return pc;
  }, [client, send]);

  const flushCandidates = async () => {
    const current = live.current;
    if (!current?.pc) return;
    for (const candidate of current.candidates.splice(0)) await current.pc.addIceCandidate(candidate);
  };

  const fail = useCallback(
    (error: unknown) => {
      if ((error as Error).message === 'cancelled') return;
      cleanup();
      update({ phase: 'ended', note: (error as Error).message });
    },
    [cleanup],
  );

  const startCall = useCallback(
    (peer: Peer) => {
      if (live.current) return;
      const current = fresh(null);
      setCall({ callId: null, peer, phase: 'calling', note: null, connectedAt: null });
      void (async () => {
        const pc = await connect();
        const started = await mutate(() => client.mutation(StartCall, { calleeId: peer.id }).toPromise());
        current.callId = started.startCall.id;
        update({ callId: started.startCall.id });
        const offer = await pc.createOffer();
        send('offer', offer.sdp ?? '');
        await pc.setLocalDescription(offer);
      })().catch(fail);
    },
    [client, connect, fail, mutate, send],
  );

  const answer = useCallback(() => {
    const current = live.current;
    if (!current?.callId) return;
    const callId = current.callId;
    update({ phase: 'connecting' });
    void (async () => {
      const pc = await connect();
      await pc.setRemoteDescription({ type: 'offer', sdp: await current.offer });
      const sdp = await pc.createAnswer();
      // The answer goes first: candidates gathered from setLocalDescription queue behind it.
      current.outbox = current.outbox.then(() =>
        mutate(() => client.mutation(AnswerCall, { callId, sdpAnswer: sdp.sdp ?? '' }).toPromise()),
      );
      await pc.setLocalDescription(sdp);
      await flushCandidates();
      await current.outbox;
    })().catch(fail);
  }, [client, connect, fail, mutate]);

  const decline = useCallback(() => {
    const callId = live.current?.callId;
    cleanup();
    setCall(null);
    if (callId) void client.mutation(DeclineCall, { callId }).toPromise();
  }, [client, cleanup]);

  const hangUp = useCallback(() => {
    const callId = live.current?.callId;
    cleanup();
    update({ phase: 'ended', note: 'Call ended' });
    if (callId) void client.mutation(EndCall, { callId }).toPromise();
  }, [client, cleanup]);

  const dismiss = useCallback(() => {
    cleanup();
    setCall(null);
  }, [cleanup]);

  useEffect(() => {
    const subscription = client.subscription(CallSignals, {}).subscribe(({ data }) => {
      const signal = data?.callSignals;
      if (!signal) return;
      const current = live.current;
      if (signal.kind === 'incoming') {
        if (current) return; // Busy here: the caller hears "busy" from the server's own rule.
        fresh(signal.callId);
        setCall({ callId: signal.callId, peer: signal.from, phase: 'ringing', note: null, connectedAt: null });
        return;
      }
      if (!current || current.callId !== signal.callId) return;
      switch (signal.kind) {
        case 'offer':
          current.gotOffer(signal.payload ?? '');
          break;
        case 'ice-candidate': {
          const candidate = JSON.parse(signal.payload ?? '{}') as RTCIceCandidateInit;
          if (current.pc?.remoteDescription) void current.pc.addIceCandidate(candidate).catch(() => undefined);
          else current.candidates.push(candidate);
          break;
        }
        case 'answered':
          update({ phase: 'connecting' });
          void current.pc
            ?.setRemoteDescription({ type: 'answer', sdp: signal.payload ?? '' })
            .then(flushCandidates)
            .catch(fail);
          break;
        default:
          if (ENDINGS[signal.kind]) {
            cleanup();
            update({ phase: 'ended', note: ENDINGS[signal.kind]! });
          }
      }
    });
    return () => {
      subscription.unsubscribe();
      cleanup();
    };
  }, [client, cleanup, fail]);

  const value = useMemo<Calls>(
    () => ({
      call,
      busy: call !== null && call.phase !== 'ended',
      localStream,
      remoteStream,
      startCall,
      answer,
      decline,
      hangUp,
      dismiss,
    }),
    [call, localStream, remoteStream, startCall, answer, decline, hangUp, dismiss],
  );
  return <CallsContext.Provider value={value}>{children}</CallsContext.Provider>;
}
