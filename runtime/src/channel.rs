//! WebSocket channels.
