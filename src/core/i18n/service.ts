/** Messages of running zhiban as a service (shutdown), in English. */
export const serviceEn = {
  'service.draining': 'zhiban is restarting and takes no new commands right now; nothing was done. Try again in a minute.',
} as const;

/** The same messages in Simplified Chinese (keys identical to serviceEn). */
export const serviceZh: Record<keyof typeof serviceEn, string> = {
  'service.draining': 'zhiban 正在重启，暂不接受新命令；本次未执行任何操作。请一分钟后重试。',
};
