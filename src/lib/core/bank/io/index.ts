/**
 * Import and export of question banks for people who write questions in Excel or Moodle: the
 * pure part (reading rows, answers and GIFT; writing template rows, GIFT and Moodle XML). File
 * access lives in scripts/lib/bank-io/.
 */
export * from './answer';
export * from './csv';
export * from './gift';
export * from './ids';
export * from './import-plan';
export * from './issues';
export * from './moodle-xml';
export * from './plain-text';
export * from './row';
export * from './similarity';
export * from './template';
export * from './text';
export * from './read-file';
export * from './question-check';
export * from './row-report';
