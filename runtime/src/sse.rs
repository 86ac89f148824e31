//! Server-sent events (`text/event-stream`).
