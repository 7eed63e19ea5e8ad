// The wire: JSON-RPC 2.0 messages and length-prefixed framing.
