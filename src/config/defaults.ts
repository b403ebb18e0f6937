/**
 * The configuration used when no zhiban.yml exists: a local trial with three demo users
 * (alice and bob can respond and approve, carol can only look) that the console may switch between
 * with --as and /as, English messages, data in ./data,
 * and diagnostics pointed at services on this machine. Copy zhiban.example.yml to define your own.
 */
export const EMBEDDED_DEFAULTS = `
locale: en
users:
  - { id: alice, name: Alice, roles: [responder, approver] }
  - { id: bob, name: Bob, roles: [responder, approver] }
  - { id: carol, name: Carol, roles: [viewer] }
platforms:
  console: { user: alice, impersonate: true }
`;
