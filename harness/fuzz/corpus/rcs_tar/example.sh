#!/bin/sh
# rcS of the example images: what a WA1003A owner's rebuilt firmware does at boot.
# /var lives in RAM and is filled from /etc/var.tar, as on the real box.
mount -t proc proc /proc
mount -t ramfs ramfs /var
tar -xf /etc/var.tar -C /
mkdir -p /var/run /var/log /var/tmp
hostname -F /etc/hostname
echo "rcS: system ready"
if [ -x /usr/sbin/noip2 ]; then
    /usr/sbin/noip2 -M -c /var/noip/noip.conf
fi
