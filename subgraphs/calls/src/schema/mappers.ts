import type { CallRow, SignalRow } from '../repositories/call.repository.js';

/** What resolvers of a Call receive: its row. */
export type CallMapper = CallRow;
/** What resolvers of a CallSignal receive: its row. */
export type CallSignalMapper = SignalRow;
