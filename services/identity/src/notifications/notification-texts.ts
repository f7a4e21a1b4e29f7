// Events carry a reminder kind and ids, never text about a person; the words are made here.
// Unknown kinds still notify (with a generic text), so a new reminder never goes unseen.
const TEXTS: Record<string, { title: string; body: string }> = {
  'training.upcoming': { title: '培训提醒', body: '您报名的培训即将开始，请按时参加。' },
  'training.changed': { title: '培训变更', body: '您报名的培训时间或地点有变更，请查看详情。' },
  'monitoring.due': { title: '回访监测到期', body: '有服务对象的定期监测已到期，请及时回访。' },
  'monitoring.overdue': { title: '回访监测逾期', body: '有服务对象的定期监测已逾期。' },
  'plan.review-due': { title: '服务计划待审核', body: '有服务计划等待您审核。' },
  'wish.expiring': { title: '微心愿即将到期', body: '有认领的微心愿即将到期，请尽快完成。' },
  'activity.upcoming': { title: '志愿活动提醒', body: '您报名的志愿活动即将开始。' },
};

export function notificationText(kind: string): { title: string; body: string } {
  return TEXTS[kind] ?? { title: '新提醒', body: `您有一条新的提醒（${kind}）。` };
}

/** Where the client should take the user: the thing the reminder is about. */
export function notificationLink(subjectType: string, subjectId: string): string {
  return `/${subjectType}/${encodeURIComponent(subjectId)}`;
}
