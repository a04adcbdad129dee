import { useEffect, useRef, useState } from 'react';
import { useCalls } from '../lib/calls';

function Video({ stream, label, muted }: { stream: MediaStream | null; label: string; muted?: boolean }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.srcObject = stream;
  }, [stream]);
  return <video ref={ref} aria-label={label} autoPlay playsInline muted={muted} width={320} height={240} />;
}

function Duration({ since }: { since: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.floor((now - since) / 1000));
  return (
    <span>
      {Math.floor(seconds / 60)}:{String(seconds % 60).padStart(2, '0')}
    </span>
  );
}

const STATUS = {
  calling: 'Calling…',
  ringing: 'is calling you',
  connecting: 'Connecting…',
  connected: 'Connected',
  ended: 'Call ended',
} as const;

/** The call in progress, over every page: ringing, answering, the two videos, hanging up. */
export function CallScreen() {
  const calls = useCalls();
  const { call } = calls;
  const primary = useRef<HTMLButtonElement>(null);
  const phase = call?.phase;
  // The main action takes the focus when the screen opens or changes step (keyboard and screen readers).
  useEffect(() => {
    primary.current?.focus();
  }, [phase]);
  if (!call) return null;
  return (
    <div className="call-backdrop">
      <div className="call" role="dialog" aria-modal="true" aria-labelledby="call-title">
        <h2 id="call-title">
          {call.phase === 'ringing'
            ? `@${call.peer.username} ${STATUS.ringing}`
            : `Video call with @${call.peer.username}`}
        </h2>
        <p role="status" className="call-status">
          {call.phase === 'ringing'
            ? 'Incoming video call'
            : call.phase === 'ended'
              ? (call.note ?? STATUS.ended)
              : STATUS[call.phase]}
          {call.phase === 'connected' && call.connectedAt && (
            <>
              {' · '}
              <Duration since={call.connectedAt} />
            </>
          )}
        </p>
        {call.phase !== 'ringing' && call.phase !== 'ended' && (
          <div className="videos">
            <Video stream={calls.remoteStream} label={`@${call.peer.username}'s video`} />
            <Video stream={calls.localStream} label="Your video" muted />
          </div>
        )}
        {call.note && call.phase !== 'ended' && <p className="error">{call.note}</p>}
        <div className="actions">
          {call.phase === 'ringing' && (
            <>
              <button type="button" ref={primary} onClick={calls.answer}>
                Answer
              </button>
              <button type="button" className="danger" onClick={calls.decline}>
                Decline
              </button>
            </>
          )}
          {(call.phase === 'calling' || call.phase === 'connecting' || call.phase === 'connected') && (
            <button type="button" ref={primary} className="danger" onClick={calls.hangUp}>
              Hang up
            </button>
          )}
          {call.phase === 'ended' && (
            <button type="button" ref={primary} onClick={calls.dismiss}>
              Close
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
