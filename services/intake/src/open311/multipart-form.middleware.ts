import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import multer, { type StorageEngine } from 'multer';
import { PLATFORM_OPTIONS, type PlatformOptions } from '@hotline/nest-platform';
import { formatOfPath, sendOpen311 } from './open311-format';

const MAX_MEDIA_BYTES = 10 * 1024 * 1024;
const MAX_MEDIA_PARTS = 5;

/** Counts a photo's bytes and lets them go: cases keep `media_url`, never binaries. */
const discardingStorage: StorageEngine = {
  _handleFile(_request, file, callback) {
    let size = 0;
    file.stream.on('data', (chunk: Buffer) => (size += chunk.length));
    file.stream.on('error', callback);
    file.stream.on('end', () => callback(null, { size }));
  },
  _removeFile(_request, _file, callback) {
    callback(null);
  },
};

/**
 * Parses `multipart/form-data` submissions (Open311 clients send photos this way) before the
 * access guard runs, so that an `api_key` form field authenticates like a query parameter.
 */
@Injectable()
export class MultipartFormMiddleware implements NestMiddleware {
  private readonly parse;

  constructor(@Inject(PLATFORM_OPTIONS) options: PlatformOptions) {
    this.parse = multer({
      storage: discardingStorage,
      limits: { fileSize: MAX_MEDIA_BYTES, files: MAX_MEDIA_PARTS, fields: 200, fieldSize: options.config.HTTP_BODY_LIMIT_BYTES },
    }).any();
  }

  use(request: Request, response: Response, next: NextFunction): void {
    if (!request.is('multipart/form-data')) return next();
    this.parse(request, response, (err: unknown) => {
      if (!err) return next();
      const isTooLarge = err instanceof multer.MulterError && /LIMIT_(FILE_SIZE|FIELD_VALUE|FILE_COUNT)/.test(err.code);
      const status = isTooLarge ? 413 : 400;
      const description = err instanceof Error ? `the multipart body cannot be read: ${err.message}` : 'the multipart body cannot be read';
      sendOpen311(response, { format: formatOfPath(request.path), root: 'errors', body: [{ code: status, description }], status });
    });
  }
}
