/** DI token of the process's validated PlatformConfig. */
export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
