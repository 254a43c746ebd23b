export { isStreamId, WriteBuffer, type KindHandle } from './buffer.js';
export { Flusher } from './flusher.js';
export { checkBufferDurability } from './durability.js';
export { mergeBuffered, type MergeOptions } from './merge.js';
export { bufferFull, isSinkUnavailable, SinkUnavailableError } from './errors.js';
export type {
  AppendOptions,
  AppendResult,
  BufferedEntry,
  DeadLetter,
  DeadLetterPage,
  EntryStatus,
  FlusherOptions,
  KindMetrics,
  KindOptions,
  WriteBufferOptions,
} from './types.js';
