import type { BaseContext } from '@shutter/runtime';
import type { CallRepository } from './repositories/call.repository.js';
import type { CallWriter } from './services/call-writer.js';
import { CallService, type CallSettings } from './services/call.service.js';

export interface Context extends BaseContext {
  calls: CallService;
}

export function createContextFactory(calls: CallRepository, writer: CallWriter, settings: CallSettings) {
  return (base: BaseContext): Context => ({
    ...base,
    calls: new CallService(
      calls,
      writer,
      {
        calls: calls.createCallLoader(base.viewer.userId),
        signals: calls.createSignalLoader(base.viewer.userId),
      },
      base.viewer,
      settings,
    ),
  });
}
