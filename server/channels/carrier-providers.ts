import type { AliyunProvider, AliyunSettings } from './aliyun.channel';
import type { TencentProvider, TencentSettings } from './tencent.channel';

// Aliyun's and Tencent's official SDKs take over a second to load between them, a third of a start (measured by
// bench:start), and most deployments use neither: each is loaded when the first channel of its carrier is made.

export function newAliyunProvider(settings: AliyunSettings): AliyunProvider {
  const { AliyunProvider: Provider } = require('./aliyun.channel') as typeof import('./aliyun.channel');
  return new Provider(settings);
}

export function newTencentProvider(settings: TencentSettings): TencentProvider {
  const { TencentProvider: Provider } = require('./tencent.channel') as typeof import('./tencent.channel');
  return new Provider(settings);
}
