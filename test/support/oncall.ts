/** Users, two rotations (weekly in Shanghai, daily in New York) and a contacts row naming a rotation. */
export const ONCALL_CONFIG = `
locale: en
timezone: Asia/Shanghai
users:
  - { id: alice, name: Alice, roles: [responder, approver], slack: U0ALICE }
  - { id: zhangsan, name: 张三, roles: [responder], slack: U01ZS, phone: "13800138000" }
  - { id: lisi, name: 李四, roles: [responder], slack: U01LS }
  - { id: wangwu, name: 王五, roles: [responder], slack: U01WW }
  - { id: carol, name: Carol, roles: [viewer], slack: U0CAROL }
rotations:
  ops-weekly:
    members: [zhangsan, wangwu]
    length: weekly
    handoff: { weekday: mon, time: "10:00" }
    timezone: Asia/Shanghai
    start: 2026-11-30
    channel: { platform: slack, id: C0OPS }
  ny-daily:
    members: [lisi, zhangsan]
    length: daily
    handoff: { time: "09:00" }
    timezone: America/New_York
    start: 2026-03-06
contacts:
  - { name: 运维值班, title: 运维负责人, role: ops, rotation: ops-weekly, level: 1 }
  - { name: 李四, title: 后端负责人, role: backend, user: lisi, severities: [P0], level: 2 }
`;
