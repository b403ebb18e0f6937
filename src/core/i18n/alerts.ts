/** English messages of alert intake (spread into en.ts). */
export const alertsEn = {
  'alerts.card': 'Alerts',
  'alerts.card.firing': '{firing} of {seen} firing',
  'alerts.card.allResolved': 'all {count} resolved at the monitoring side',
  'alerts.card.suggest': '— if the service is back, set /incident status {id} mitigated (zhiban never resolves an incident by itself)',
  'alerts.card.flapping': '{count} flapping',
  'alerts.event.firing': 'Alert {name} firing since {time} ({source}){about}',
  'alerts.event.about': ': {summary}',
  'alerts.event.resolved': 'Alert {name} resolved at {time} ({source})',
  'alerts.event.flapping': 'Alert {name} is flapping: {flips} changes within {minutes} min (it does not open a new incident)',
  'alerts.event.truncated': '{source} left {count} alerts out of its notification',
  'alerts.diagnosis': 'Automatic /diagnose {symptom} for {id}',
} as const;

/** Chinese messages of alert intake (spread into zh-cn.ts). */
export const alertsZh = {
  'alerts.card': '告警',
  'alerts.card.firing': '{seen} 条告警中 {firing} 条仍在触发',
  'alerts.card.allResolved': '{count} 条告警已在监控端全部恢复',
  'alerts.card.suggest': '— 如服务已恢复，请执行 /incident status {id} mitigated（zhiban 不会自行解决事件）',
  'alerts.card.flapping': '{count} 条抖动',
  'alerts.event.firing': '告警 {name} 自 {time} 起触发（{source}）{about}',
  'alerts.event.about': '：{summary}',
  'alerts.event.resolved': '告警 {name} 已于 {time} 恢复（{source}）',
  'alerts.event.flapping': '告警 {name} 在抖动：{minutes} 分钟内变化 {flips} 次（不会再开新事件）',
  'alerts.event.truncated': '{source} 的通知中省略了 {count} 条告警',
  'alerts.diagnosis': '{id} 的自动诊断 /diagnose {symptom}',
} as const;
