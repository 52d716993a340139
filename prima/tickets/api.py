from rest_framework import routers

router = routers.DefaultRouter()
urlpatterns = router.urls
