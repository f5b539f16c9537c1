//! Endpoint rule set compiler (in progress).
