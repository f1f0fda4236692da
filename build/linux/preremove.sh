#!/bin/sh
# wasync-server: stop the service before its binary goes; data in /var/lib/wasync stays.
set -e
if [ -d /run/systemd/system ]; then
	systemctl disable --now wasync.service >/dev/null 2>&1 || true
fi
exit 0
