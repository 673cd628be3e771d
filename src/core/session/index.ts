// The session module's public surface: what replay, live recording, the synthesizer and the CLI use.
export type { Session, SessionFrame, SessionHeader, SessionProblem, SessionRecord, SessionReply, TargetChange, LabelSpan } from './types';
export { SessionError, isSessionError, type SessionErrorCode } from './sessionError';
export { formatProblem } from './formatProblem';
export { readSession, type ReadSessionOptions } from './readSession';
export { streamSession, defaultHeader, type StreamSessionOptions } from './streamSession';
export { SessionWriter, type SessionWriterOptions } from './sessionWriter';
export { serializeSession, sessionLines, formatHeaderLine, formatFrameLine, formatTargetLine, formatLabelLine, formatReplyLine } from './sessionLines';
export { chooseImporter, importerById, IMPORTERS } from './importers/chooseImporter';
export type { ImportOptions, SessionFormatId, SessionImporter } from './importers/sessionImporter';
