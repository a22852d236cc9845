set terminal pngcairo size 1800,880 noenhanced font ",9"
set output 'scenario-11.png'
set multiplot layout 3,6 title "11. HTTPS: keep-alive hello world, and a new TLS 1.3 connection per request (full, resumed)\nmedian of the runs on each bar, whiskers from min to max, linear scales from 0" font ",11"
unset key
set style fill solid 0.85 border -1
set grid ytics
set xtics scale 0 nomirror
set ytics nomirror
set border 3
$p1 << EOD
0 "httpd-tls" 78584.2 75152.6 84859.3 8073150 "78,584"
1 "nginx-tls" 59115.6 58807.5 65278.3 3835592 "59,116"
EOD
set title "c=100, client http-tls"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:1.6]
set yrange [0:101831]
set ytics ("0" 0, "25k" 25000, "50k" 50000, "75k" 75000, "100k" 100000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "httpd-tls" 67993.8 60277.9 70310 8073150 "67,994"
1 "nginx-tls" 65234.4 60054.6 67038.3 3835592 "65,234"
EOD
set title "c=100, client wrk-tls"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:84372]
set ytics ("0" 0, "20k" 20000, "40k" 40000, "60k" 60000, "80k" 80000)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
$p3 << EOD
0 "httpd-tls" 63773 61879.6 68216.5 8073150 "63,773"
1 "nginx-tls" 54265.7 52607.8 60799.3 3835592 "54,266"
EOD
set title "c=1000, client http-tls"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:81859.8]
set ytics ("0" 0, "20k" 20000, "40k" 40000, "60k" 60000, "80k" 80000)
plot $p3 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p3 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using 1:5:7 with labels offset 0,0.8 font ',9'
$p4 << EOD
0 "httpd-tls" 48217.5 45403.1 49620.9 8073150 "48,218"
1 "nginx-tls" 49067.8 46138.2 49884.4 3835592 "49,068"
EOD
set title "c=1000, client wrk-tls"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:59861.3]
set ytics ("0" 0, "20k" 20000, "40k" 40000)
plot $p4 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p4 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using 1:5:7 with labels offset 0,0.8 font ',9'
$p5 << EOD
0 "httpd-tls" 1490.5 1456.6 1508.4 8073150 "1,490"
1 "nginx-tls" 1494.7 1488.2 1534.5 3835592 "1,495"
EOD
set title "new,c=50, client http-tls-full"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:1841.4]
set ytics ("0" 0, "500" 500, "1k" 1000, "1.5k" 1500)
plot $p5 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p5 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using 1:5:7 with labels offset 0,0.8 font ',9'
$p6 << EOD
0 "httpd-tls" 1709.2 1679.6 1712.5 8073150 "1,709"
1 "nginx-tls" 1762 1754 1764.2 3835592 "1,762"
EOD
set title "new,c=50, client http-tls-resume"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:2117.04]
set ytics ("0" 0, "500" 500, "1k" 1000, "1.5k" 1500, "2k" 2000)
plot $p6 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p6 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using 1:5:7 with labels offset 0,0.8 font ',9'
$p7 << EOD
0 "httpd-tls" 12.4112 11.8525 13.006 8073150 "12.4"
1 "nginx-tls" 16.7962 15.3753 17.047 3835592 "16.8"
EOD
set title "c=100, client http-tls"
set ylabel "Server CPU/request (us)"
set lmargin 11
set xrange [-0.6:1.6]
set yrange [0:20.4563]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15, "20" 20)
plot $p7 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p7 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p7 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p7 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p7 using 1:5:7 with labels offset 0,0.8 font ',9'
$p8 << EOD
0 "httpd-tls" 12.7252 12.3041 14.9166 8073150 "12.7"
1 "nginx-tls" 15.1297 14.6052 16.3383 3835592 "15.1"
EOD
set title "c=100, client wrk-tls"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:19.606]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15)
plot $p8 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p8 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p8 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p8 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p8 using 1:5:7 with labels offset 0,0.8 font ',9'
$p9 << EOD
0 "httpd-tls" 16.7203 15.8083 17.1746 8073150 "16.7"
1 "nginx-tls" 19.9409 17.7009 20.7519 3835592 "19.9"
EOD
set title "c=1000, client http-tls"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:24.9023]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15, "20" 20)
plot $p9 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p9 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p9 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p9 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p9 using 1:5:7 with labels offset 0,0.8 font ',9'
$p10 << EOD
0 "httpd-tls" 17.3478 16.2434 17.5149 8073150 "17.3"
1 "nginx-tls" 18.555 18.2671 20.3638 3835592 "18.6"
EOD
set title "c=1000, client wrk-tls"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:24.4366]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15, "20" 20)
plot $p10 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p10 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p10 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p10 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p10 using 1:5:7 with labels offset 0,0.8 font ',9'
$p11 << EOD
0 "httpd-tls" 473.42 458.434 501.027 8073150 "473"
1 "nginx-tls" 470.228 461.339 482.897 3835592 "470"
EOD
set title "new,c=50, client http-tls-full"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:601.232]
set ytics ("0" 0, "200" 200, "400" 400, "600" 600)
plot $p11 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p11 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p11 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p11 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p11 using 1:5:7 with labels offset 0,0.8 font ',9'
$p12 << EOD
0 "httpd-tls" 422.88 407.412 432.243 8073150 "423"
1 "nginx-tls" 416.148 415.245 416.997 3835592 "416"
EOD
set title "new,c=50, client http-tls-resume"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:518.692]
set ytics ("0" 0, "200" 200, "400" 400)
plot $p12 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p12 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p12 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p12 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p12 using 1:5:7 with labels offset 0,0.8 font ',9'
$p13 << EOD
0 "httpd-tls" 2.42483 2.12992 2.80166 8073150 "2.42"
1 "nginx-tls" 2.85081 2.4576 3.55533 3835592 "2.85"
EOD
set title "c=100, client http-tls"
set ylabel "Latency p99 (ms)"
set lmargin 11
set xrange [-0.6:1.6]
set yrange [0:4.26639]
set ytics ("0" 0, "1" 1, "2" 2, "3" 3, "4" 4)
plot $p13 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p13 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p13 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p13 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p13 using 1:5:7 with labels offset 0,0.8 font ',9'
$p14 << EOD
0 "httpd-tls" 1.81 1.58 2.49 8073150 "1.81"
1 "nginx-tls" 2.52 2.44 2.82 3835592 "2.52"
EOD
set title "c=100, client wrk-tls"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:3.384]
set ytics ("0" 0, "1" 1, "2" 2, "3" 3)
plot $p14 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p14 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p14 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p14 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p14 using 1:5:7 with labels offset 0,0.8 font ',9'
$p15 << EOD
0 "httpd-tls" 28.4426 26.3455 30.4087 8073150 "28.4"
1 "nginx-tls" 30.4087 21.1026 31.9816 3835592 "30.4"
EOD
set title "c=1000, client http-tls"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:38.3779]
set ytics ("0" 0, "10" 10, "20" 20, "30" 30)
plot $p15 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p15 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p15 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p15 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p15 using 1:5:7 with labels offset 0,0.8 font ',9'
$p16 << EOD
0 "httpd-tls" 23.36 21.21 26.87 8073150 "23.4"
1 "nginx-tls" 292.45 288.45 303.15 3835592 "292"
EOD
set title "c=1000, client wrk-tls"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:363.78]
set ytics ("0" 0, "100" 100, "200" 200, "300" 300)
plot $p16 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p16 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p16 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p16 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p16 using 1:5:7 with labels offset 0,0.8 font ',9'
$p17 << EOD
0 "httpd-tls" 42.2052 40.3702 45.0888 8073150 "42.2"
1 "nginx-tls" 46.1373 39.5837 50.3316 3835592 "46.1"
EOD
set title "new,c=50, client http-tls-full"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:60.398]
set ytics ("0" 0, "20" 20, "40" 40, "60" 60)
plot $p17 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p17 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p17 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p17 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p17 using 1:5:7 with labels offset 0,0.8 font ',9'
$p18 << EOD
0 "httpd-tls" 39.8459 39.0595 45.3509 8073150 "39.8"
1 "nginx-tls" 33.0301 32.8991 43.778 3835592 "33.0"
EOD
set title "new,c=50, client http-tls-resume"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:54.4211]
set ytics ("0" 0, "20" 20, "40" 40)
plot $p18 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p18 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p18 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p18 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p18 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
