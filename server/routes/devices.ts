// A user's devices (laptop installs): managers and admins list them, sign one out or wipe it; a
// device marked for wipe confirms here that it has deleted its data (server/devices.ts).

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { deviceParamsSchema, userIdSchema } from '../../shared/sync/protocol';
import type { AppContext } from '../app-context';
import { authorizeFirst, callerOf } from '../auth/authorize';
import { confirmWiped, listDevices, revokeDevice, wipeDevice } from '../devices';
import { conflict, parseRequest } from '../http/errors';

const userParamsSchema = z.object({ id: userIdSchema }).strict();

export function registerDeviceRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/v1/users/:id/devices',
    authorizeFirst(ctx.authorize, 'manage_devices'),
    async (request) => {
      const { id } = parseRequest(userParamsSchema, request.params);
      return { devices: await listDevices(ctx.db, callerOf(request), id) };
    },
  );

  app.post(
    '/v1/devices/:clientId/revoke',
    authorizeFirst(ctx.authorize, 'manage_devices'),
    async (request, reply) => {
      const { clientId } = parseRequest(deviceParamsSchema, request.params);
      const { userId } = await revokeDevice(ctx.db, callerOf(request), clientId);
      // Its live stream ends with its sessions (the user's others reconnect on their own).
      ctx.pokes.endSessions({ userId });
      return reply.code(204).send();
    },
  );

  app.post(
    '/v1/devices/:clientId/wipe',
    authorizeFirst(ctx.authorize, 'manage_devices'),
    async (request, reply) => {
      const caller = callerOf(request);
      const { clientId } = parseRequest(deviceParamsSchema, request.params);
      // The laptop in front of the admin would empty itself at its next request.
      if (caller.device?.clientId === clientId) {
        throw conflict('cannot_wipe_own_device', 'You cannot wipe the device you are using.');
      }
      const { userId } = await wipeDevice(ctx.db, caller, clientId);
      // Its open stream is told at once: the reconnect gets the wipe answer.
      ctx.pokes.endSessions({ userId });
      return reply.code(204).send();
    },
  );

  app.post(
    '/v1/devices/wiped',
    authorizeFirst(ctx.authorize, 'confirm_wipe'),
    async (request, reply) => {
      const device = callerOf(request).device;
      if (!device) throw conflict('device_not_marked', 'This device was not marked for wipe.');
      await confirmWiped(ctx.db, device.clientId);
      return reply.code(204).send();
    },
  );
}
