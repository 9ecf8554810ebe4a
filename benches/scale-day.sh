# The scaling benchmark's set-up, one terminal line each (blank lines and
# lines starting with # are skipped): room for 64 vCPUs (20 t3.micro take
# 40; the default quota is 32), an ALB in front of an Auto Scaling group
# of 2 to 20 t3.micro web servers under target tracking at 50% CPU, and a
# daily load peaking at 2,000 requests/s. benches/scale_day.rs
# (native) and scripts/bench-wasm.mjs (WebAssembly in Node) both run it,
# then time 24 simulated hours.
aws service-quotas request-service-quota-increase --service-code ec2 --quota-code L-1216C47A --desired-value 64
VPC=$(aws ec2 describe-vpcs --filters Name=is-default,Values=true --query 'Vpcs[0].VpcId' --output text)
SUBNETS=$(aws ec2 describe-subnets --filters Name=vpc-id,Values=$VPC Name=availability-zone,Values=us-east-1a,us-east-1b --query 'Subnets[].SubnetId' --output text)
SUBNET_LIST=$(aws ec2 describe-subnets --filters Name=vpc-id,Values=$VPC Name=availability-zone,Values=us-east-1a,us-east-1b --query "join(',', Subnets[].SubnetId)" --output text)
SG_LB=$(aws ec2 create-security-group --group-name alb --description alb --query GroupId --output text)
SG_WEB=$(aws ec2 create-security-group --group-name web --description web --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $SG_LB --protocol tcp --port 80 --cidr 0.0.0.0/0
aws ec2 authorize-security-group-ingress --group-id $SG_WEB --protocol tcp --port 80 --source-group $SG_LB
LB=$(aws elbv2 create-load-balancer --name web --subnets $SUBNETS --security-groups $SG_LB --query 'LoadBalancers[0].LoadBalancerArn' --output text)
DNS=$(aws elbv2 describe-load-balancers --load-balancer-arns $LB --query 'LoadBalancers[0].DNSName' --output text)
TG=$(aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id $VPC --query 'TargetGroups[0].TargetGroupArn' --output text)
aws elbv2 create-listener --load-balancer-arn $LB --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$TG
aws ec2 create-launch-template --launch-template-name web --launch-template-data '{"ImageId":"resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64","InstanceType":"t3.micro","SecurityGroupIds":["'$SG_WEB'"],"Monitoring":{"Enabled":true},"UserData":"IyEvYmluL2Jhc2gKZG5mIGluc3RhbGwgLXkgaHR0cGQKc3lzdGVtY3RsIGVuYWJsZSAtLW5vdyBodHRwZAplY2hvICI8aDE+JChob3N0bmFtZSk8L2gxPiIgPiAvdmFyL3d3dy9odG1sL2luZGV4Lmh0bWwK"}'
aws autoscaling create-auto-scaling-group --auto-scaling-group-name web --launch-template LaunchTemplateName=web --min-size 2 --max-size 20 --desired-capacity 2 --vpc-zone-identifier $SUBNET_LIST --target-group-arns $TG --health-check-type ELB --health-check-grace-period 60
aws autoscaling put-scaling-policy --auto-scaling-group-name web --policy-name cpu50 --policy-type TargetTrackingScaling --target-tracking-configuration '{"PredefinedMetricSpecification":{"PredefinedMetricType":"ASGAverageCPUUtilization"},"TargetValue":50.0}'
aws elbv2 wait load-balancer-available --load-balancer-arns $LB
load start http://$DNS/ --rps 2000 --pattern daily --clients 100
