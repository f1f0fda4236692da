#!/bin/sh
# wasync-server: pick up the unit; start nothing until the admin enables it.
set -e
if [ -d /run/systemd/system ]; then
	systemctl daemon-reload >/dev/null 2>&1 || true
fi
echo "wasync-server installed. Start it with: systemctl enable --now wasync"
echo "Then read the login link with: journalctl -u wasync"
exit 0
