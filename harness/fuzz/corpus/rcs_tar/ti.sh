#!/bin/sh
(cd /; tar xf var.tar)
