/** Messages about the store being out of reach (Redis down, failing over), in English. */
export const storeEn = {
  'error.storeUnavailable': 'The store ({store}) is unavailable ({reason}), so nothing was recorded (reference {ref}). zhiban reconnects by itself; try again in a moment.',
  'error.storeUnconfirmed': 'The store ({store}) did not confirm this change ({reason}), so it may or may not have been recorded (reference {ref}). Look at the timeline before trying again.',
} as const;

/** The same messages in Simplified Chinese (keys identical to storeEn). */
export const storeZh: Record<keyof typeof storeEn, string> = {
  'error.storeUnavailable': '存储（{store}）不可用（{reason}），因此没有记录任何内容（参考号 {ref}）。zhiban 会自动重连，请稍后重试。',
  'error.storeUnconfirmed': '存储（{store}）未确认这次修改（{reason}），可能已记录也可能未记录（参考号 {ref}）。重试前请先查看时间线。',
};
