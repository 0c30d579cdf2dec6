/** Interface strings of the quiz domain (Italian first; English must have every key). */
export const quizIt = {} as const;

export const quizEn: Record<keyof typeof quizIt, string> = {};
