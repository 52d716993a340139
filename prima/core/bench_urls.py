"""Benchmark baseline routes, included under ``/_bench/`` by ``config.urls`` only when ``BENCH_VIEWS`` is on."""

from django.urls import path

from prima.core import bench_views

app_name = "bench"
urlpatterns = [
    path("bare/", bench_views.bare, name="bare"),
    path("insert/", bench_views.insert, name="insert"),
]
